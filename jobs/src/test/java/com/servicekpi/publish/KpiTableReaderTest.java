package com.servicekpi.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.servicekpi.testing.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run summary that the reports' data note shows. */
class KpiTableReaderTest {
  @TempDir
  Path out;

  @Test
  void theNewestSucceededRunIsShownNotALaterFailedOne() throws IOException {
    Files.createDirectories(out.resolve("_runs"));
    Files.writeString(out.resolve("_runs/20261101T000000Z-aaaa.json"), "{\n  \"runId\" : \"old\",\n  \"status\" : \"succeeded\"\n}");
    Files.writeString(out.resolve("_runs/20261102T000000Z-bbbb.json"), "{\n  \"runId\" : \"new\",\n  \"status\" : \"succeeded\"\n}");
    Files.writeString(out.resolve("_runs/20261103T000000Z-cccc.json"), "{\n  \"runId\" : \"failed\",\n  \"status\" : \"failed\"\n}");
    String text = new KpiTableReader(TestSpark.session(), out.toString()).latestRunSummary();
    assertEquals("{\n  \"runId\" : \"new\",\n  \"status\" : \"succeeded\"\n}", text);
  }

  @Test
  void noSucceededRunGivesNothing() throws IOException {
    Files.createDirectories(out.resolve("_runs"));
    Files.writeString(out.resolve("_runs/20261103T000000Z-cccc.json"), "{\"status\" : \"failed\"}");
    assertNull(new KpiTableReader(TestSpark.session(), out.toString()).latestRunSummary());
  }
}
