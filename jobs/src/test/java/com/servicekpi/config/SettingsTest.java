package com.servicekpi.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @Test
  void defaultsAreTheSpecs() {
    Settings s = Settings.from(ConfigFactory.empty());
    assertEquals(ZoneId.of("Asia/Shanghai"), s.timezone());
    assertEquals(Duration.ofHours(24), s.answerWindow());
    assertEquals(1, s.conversionWindowDays());
    assertEquals(4, s.satisfiedMinScore());
    assertEquals(2, s.dissatisfiedMaxScore());
  }

  @Test
  void aConfFileOverridesTheDefaultsAndSparkKeysPassThrough(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("shop.conf");
    Files.writeString(f, "timezone = UTC\nresponse.answer-window = 90 minutes\n"
        + "spark.conf { \"spark.sql.shuffle.partitions\" = 64 }\n");
    Settings s = Settings.load(f.toFile());
    assertEquals(ZoneId.of("UTC"), s.timezone());
    assertEquals(Duration.ofMinutes(90), s.answerWindow());
    assertEquals("64", s.sparkConf().get("spark.sql.shuffle.partitions"));
  }

  @Test
  void aBadTimeZoneIsReportedByKey() {
    Settings.SettingsException e = assertThrows(Settings.SettingsException.class,
        () -> Settings.from(ConfigFactory.parseString("timezone = Mars/Olympus")));
    assertTrue(e.getMessage().startsWith("timezone: 'Mars/Olympus' is not a time zone id"), e.getMessage());
  }

  @Test
  void aMissingConfFileIsReported() {
    Settings.SettingsException e = assertThrows(Settings.SettingsException.class,
        () -> Settings.load(new java.io.File("/nonexistent/shop.conf")));
    assertTrue(e.getMessage().contains("/nonexistent/shop.conf does not exist"), e.getMessage());
  }
}
