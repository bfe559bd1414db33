package com.servicekpi.publish;

import com.servicekpi.sources.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All-or-nothing publishing of a run's output. A run writes everything under
 * {@code OUTPUT/_staging/RUN/} (same relative paths as the live output), checks it, then publishes:
 *
 * <ol>
 *   <li>a journal {@code _staging/RUN/_PUBLISHING} lists every change: {@code R path} (replace the
 *       live folder with the staged one) or {@code D path} (delete the live folder);
 *   <li>each live folder concerned is renamed to {@code _staging/RUN/_old/path}, then the staged
 *       folder is renamed into its place (one rename per partition: a partition is never seen half
 *       written);
 *   <li>{@code _staging/RUN/_PUBLISHED} is written and the staging folder deleted.
 * </ol>
 *
 * <p>{@link #recover()}, called at the start of every run and report, undoes a publish that was
 * interrupted (driver killed): the old folders go back, the new ones go away, so the output is the
 * previous run's again, and a rerun starts from there. A run killed before publishing left only
 * its staging folder, which is deleted. Renames are atomic on HDFS and local file systems; on
 * object stores (s3a) they are copies, and a reader may see a partition being replaced.
 */
public final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
  public static final String STAGING = "_staging";
  private static final String JOURNAL = "_PUBLISHING";
  private static final String DONE = "_PUBLISHED";

  /**
   * Tests only: after this many renames, publishing dies as a killed driver would (an Error that
   * no cleanup code catches). Negative: never.
   */
  private static volatile int dieAfterRenames = -1;

  /** Tests only: see {@link #dieAfterRenames}; -1 switches it off. */
  public static void dieAfterRenamesForTests(int n) {
    dieAfterRenames = n;
  }

  private final FileSystem fs;
  private final Path root;
  private int renames;

  public Publisher(Configuration hadoop, String root) {
    try {
      this.root = new Path(root);
      this.fs = this.root.getFileSystem(hadoop);
    } catch (IOException e) {
      throw new InputException("cannot open the output root " + root + ": " + e.getMessage(), e);
    }
  }

  /** The staging folder of a run, relative to the output root. */
  public static String staging(String runId) {
    return STAGING + "/" + runId;
  }

  /** One change of the live output. */
  public record Change(boolean replace, String path) {
    String line() {
      return (replace ? "R " : "D ") + path;
    }

    static Change parse(String line) {
      return new Change(line.startsWith("R "), line.substring(2));
    }
  }

  /** Applies the changes, staged under _staging/RUN/, to the live output. */
  public void publish(String runId, List<Change> changes) {
    Path stage = new Path(root, staging(runId));
    try {
      StringBuilder journal = new StringBuilder();
      changes.forEach(c -> journal.append(c.line()).append('\n'));
      write(new Path(stage, JOURNAL), journal.toString());
      for (Change c : changes) {
        Path live = new Path(root, c.path());
        if (fs.exists(live)) {
          Path old = new Path(stage, "_old/" + c.path());
          fs.mkdirs(old.getParent());
          rename(live, old);
        }
        if (c.replace()) {
          fs.mkdirs(live.getParent());
          rename(new Path(stage, c.path()), live);
        }
      }
      write(new Path(stage, DONE), "");
      fs.delete(stage, true);
      deleteIfEmpty(new Path(root, STAGING));
    } catch (IOException e) {
      throw new IllegalStateException("publishing run " + runId + " failed: " + e.getMessage()
          + "; the next run restores the previous output.", e);
    }
  }

  /** Deletes a run's staging folder (a run that failed before publishing). */
  public void discard(String runId) {
    try {
      fs.delete(new Path(root, staging(runId)), true);
      deleteIfEmpty(new Path(root, STAGING));
    } catch (IOException e) {
      LOG.warn("cannot delete the staging folder of run {}: {}", runId, e.getMessage());
    }
  }

  /**
   * Cleans up after runs that did not finish: undoes interrupted publishes, deletes staging
   * folders. Returns a line per run it cleaned up.
   */
  public List<String> recover() {
    List<String> done = new ArrayList<>();
    try {
      Path staging = new Path(root, STAGING);
      if (!fs.exists(staging)) {
        return done;
      }
      for (FileStatus run : fs.listStatus(staging)) {
        Path stage = run.getPath();
        String id = stage.getName();
        if (fs.exists(new Path(stage, DONE))) {
          done.add("run " + id + " had published; removed its staging folder");
        } else if (fs.exists(new Path(stage, JOURNAL))) {
          rollBack(stage);
          done.add("run " + id + " was interrupted while publishing; restored the previous output");
        } else {
          done.add("run " + id + " stopped before publishing; removed its staging folder");
        }
        fs.delete(stage, true);
      }
      deleteIfEmpty(staging);
    } catch (IOException e) {
      throw new IllegalStateException("cannot recover the output under " + root + " from an interrupted run: "
          + e.getMessage(), e);
    }
    done.forEach(LOG::warn);
    return done;
  }

  private void rollBack(Path stage) throws IOException {
    String journal;
    try (var in = fs.open(new Path(stage, JOURNAL))) {
      journal = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String line : journal.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      Change c = Change.parse(line);
      Path live = new Path(root, c.path());
      Path old = new Path(stage, "_old/" + c.path());
      Path staged = new Path(stage, c.path());
      if (fs.exists(old)) {
        fs.delete(live, true); // the new version, if it was moved in already
        rename(old, live);
      } else if (c.replace() && !fs.exists(staged)) {
        fs.delete(live, true); // a partition that this run added
      }
    }
  }

  private void rename(Path from, Path to) throws IOException {
    if (dieAfterRenames >= 0 && renames++ >= dieAfterRenames) {
      throw new SimulatedKill();
    }
    if (!fs.rename(from, to)) {
      throw new IOException("cannot rename " + from + " to " + to);
    }
  }

  /** The driver "killed" by a test in the middle of publishing. */
  public static final class SimulatedKill extends Error {
    SimulatedKill() {
      super("simulated kill of the driver while publishing");
    }
  }

  private void write(Path p, String text) throws IOException {
    fs.setWriteChecksum(false);
    try (var out = fs.create(p, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void deleteIfEmpty(Path dir) throws IOException {
    if (fs.exists(dir) && fs.listStatus(dir).length == 0) {
      fs.delete(dir, false);
    }
  }
}
