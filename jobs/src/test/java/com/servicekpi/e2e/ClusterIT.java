package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * local-mode ones (the golden output of {@link EndToEndTest}). The cluster is always stopped.
 */
class ClusterIT {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @TempDir
  Path tmp;

  @Test
  void runOnAStandaloneClusterEqualsTheLocalModeTables() throws Exception {
    Map<String, String> env = Map.of(
        "LOCAL_CLUSTER_PORT", "17077", "LOCAL_CLUSTER_UI_PORT", "18080",
        "LOCAL_CLUSTER_STATE", ROOT.resolve("jobs/target/local-cluster").toString(),
        "SERVICE_KPI_DRIVER_MEMORY", "1g");
    Path out = tmp.resolve("out");
    try {
      exec(env, "bin/local-cluster", "up");
      exec(env, "bin/service-kpi", "--master", "spark://127.0.0.1:17077",
          "run", "--input", EndToEndTest.SAMPLES.toString(), "--output", out.toString());
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
