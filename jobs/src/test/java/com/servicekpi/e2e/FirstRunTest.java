package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.cli.Main;
import com.servicekpi.config.Settings;
import com.servicekpi.io.InputException;
import com.servicekpi.job.KpiJob;
import com.servicekpi.testing.TestSpark;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user meets first: no input given, an output root that is a file, a bad option. */
class FirstRunTest {
  @TempDir
  Path dir;

  private static Settings settings(String in, String out) {
    return Settings.from(ConfigFactory.parseMap(Map.of("input.path", in, "output.path", out))).withBuyerIdKey("k");
  }

  @Test
  void runWithoutAnInputSaysSoAndReadsNoSample() {
    InputException e = assertThrows(InputException.class,
        () -> new KpiJob(TestSpark.session(), settings("", dir.resolve("out").toString())).run(null));
    assertTrue(e.getMessage().startsWith("no input: give --input DIR"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("out/agent_daily")));
    assertEquals(1, Main.execute("run", "--output", dir.resolve("out").toString()));
  }

  @Test
  void anOutputRootThatIsAFileStopsTheRunBeforeAnyWork() throws IOException {
    Path file = Files.writeString(dir.resolve("out.txt"), "not a folder");
    InputException e = assertThrows(InputException.class,
        () -> new KpiJob(TestSpark.session(), settings(EndToEndTest.SAMPLES.toString(), file.toString())).run(null));
    assertTrue(e.getMessage().endsWith("out.txt is a file: the output root must be a folder (it holds one folder"
        + " per table)."), e.getMessage());
    assertEquals("not a folder", Files.readString(file));
  }

  @Test
  void anUnknownOptionIsAUsageErrorWithStatusTwo() {
    assertEquals(2, Main.execute("run", "--inptu", "x"));
  }
}
