package com.servicekpi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.cli.Main;
import com.servicekpi.config.Settings;
import com.servicekpi.job.KpiJob;
import com.servicekpi.sources.InputException;
import com.servicekpi.testing.TestSpark;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  @Test
  void anOutputRootThatCannotBeWrittenStopsTheRunBeforeAnyWork() throws IOException {
    Path file = Files.writeString(dir.resolve("plain.txt"), "x");
    String under = file.resolve("kpi").toString(); // a folder under a file can never be made
    InputException e = assertThrows(InputException.class,
        () -> new KpiJob(TestSpark.session(), settings(EndToEndTest.SAMPLES.toString(), under)).run(null));
    assertTrue(e.getMessage().startsWith("cannot write to the output root"), e.getMessage());
    assertTrue(e.getMessage().endsWith("Give --output a folder this user may write."), e.getMessage());
  }

  @Test
  void dailyWithoutAnInputSaysSo() {
    TestSpark.session();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.err;
    System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertEquals(1, Main.execute("daily", "--date", "2026-10-10", "--output", dir.resolve("out").toString()));
    } finally {
      System.setErr(old);
    }
    assertTrue(err.toString(java.nio.charset.StandardCharsets.UTF_8).contains("no input: give --input DIR"),
        err.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertFalse(Files.exists(dir.resolve("out/agent_daily")));
  }

  @Test
  void runHelpNamesTheBuyerIdKeyAndEndsItsSentences() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream old = System.out;
    System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.execute("run", "--help"));
    } finally {
      System.setOut(old);
    }
    String help = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(help.contains("SERVICE_KPI_BUYER_ID_KEY"), help);
    // the command's description is whole: the line before the options ends a sentence
    List<String> lines = help.lines().toList();
    int firstOption = 0;
    while (!lines.get(firstOption).stripLeading().startsWith("-")) {
      firstOption++;
    }
    String description = lines.get(firstOption - 1).strip();
    assertTrue(description.endsWith("."), description);
  }
}
