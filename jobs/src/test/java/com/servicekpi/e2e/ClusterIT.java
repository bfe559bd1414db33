package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar on a real Spark standalone cluster (bin/local-cluster: a master and two
 * workers on 127.0.0.1), submitted with bin/service-kpi --master: its tables must equal the
 * local-mode ones (the golden output of {@link EndToEndTest}), even with a worker killed midway.
 * The cluster is always stopped.
 */
class ClusterIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  /**
   * Also the fault test: a worker (and its executor) killed with SIGKILL while {@code run}
   * computes agent_daily, as when a machine dies. Spark reruns the lost tasks and shuffle outputs
   * on the other worker; the run must succeed with the tables of an undisturbed local run. (One
   * test, not two: a cluster run of the samples takes about 2.5 minutes.)
   */
  @Test
  void runOnAStandaloneClusterWithAWorkerKilledMidwayEqualsTheLocalModeTables() throws Exception {
    Map<String, String> env = Map.of(
        "LOCAL_CLUSTER_PORT", "17077", "LOCAL_CLUSTER_UI_PORT", "18080",
        "LOCAL_CLUSTER_STATE", ROOT.resolve("jobs/target/local-cluster").toString(),
        "SERVICE_KPI_DRIVER_MEMORY", "1g");
    Path out = tmp.resolve("out");
    Path runLog = tmp.resolve("run.log");
    try {
      exec(env, "bin/local-cluster", "up");
      long worker = Long.parseLong(Files.readString(ROOT.resolve("jobs/target/local-cluster/worker-1.pid")).trim());
      ProcessBuilder pb = new ProcessBuilder("bin/service-kpi", "--master", "spark://127.0.0.1:17077",
          "run", "--input", EndToEndTest.SAMPLES.toString(), "--output", out.toString())
          .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(runLog.toFile());
      pb.environment().putAll(env);
      Process run = pb.start();
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (!Files.readString(runLog).contains("computing agent_daily")) {
        if (!run.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("the run ended or stalled before agent_daily:\n" + Files.readString(runLog));
        }
        Thread.sleep(200);
      }
      Thread.sleep(1500); // into the conversation sort, whose shuffle files live on both workers
      ProcessHandle w = ProcessHandle.of(worker).orElseThrow(() -> new AssertionError("worker 1 is not running"));
      List<ProcessHandle> executors = w.descendants().toList();
      assertFalse(executors.isEmpty(), "worker 1 runs an executor of the job");
      executors.forEach(ProcessHandle::destroyForcibly);
      w.destroyForcibly();
      assertTrue(run.isAlive(), "the kill came before the run finished");
      if (!run.waitFor(10, TimeUnit.MINUTES)) {
        run.destroyForcibly();
        throw new AssertionError("the run did not finish after the kill:\n" + Files.readString(runLog));
      }
      String log = Files.readString(runLog);
      assertEquals(0, run.exitValue(), log);
      assertTrue(log.contains("Lost executor"), "the driver saw the executor go:\n" + log);
      for (String[] t : EndToEndTest.TABLES) {
        List<String> expected = Files.readAllLines(EndToEndTest.GOLDEN.resolve(t[0] + ".csv"), StandardCharsets.UTF_8);
        assertEquals(expected, EndToEndTest.render(out.resolve(t[0]), t), t[0]);
      }
    } finally {
      exec(env, "bin/local-cluster", "down");
    }
  }

  private void exec(Map<String, String> env, String... command) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    File log = tmp.resolve("process.log").toFile();
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
    Process p = pb.start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " timed out; log:\n" + Files.readString(log.toPath()));
    }
    if (p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " exited " + p.exitValue() + "; log:\n" + Files.readString(log.toPath()));
    }
  }
}
