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
  void eachMetricsTargetIsReadFromTheKeyNamedAfterItsColumn() {
    Settings s = Settings.from(ConfigFactory.parseString(
        "targets { response-rate = 0.9, first-response-p90-s = 50, avg-order-value = 120 }"));
    java.util.Map<com.servicekpi.reports.Metric, Double> t = s.report().targets();
    assertEquals(0.9, t.get(com.servicekpi.reports.Metric.RESPONSE_RATE));
    assertEquals(50.0, t.get(com.servicekpi.reports.Metric.FIRST_RESPONSE_P90));
    assertEquals(120.0, t.get(com.servicekpi.reports.Metric.AVG_ORDER_VALUE));
    // the defaults of reference.conf for the others; sales-amount = null there: no target
    assertEquals(0.97, t.get(com.servicekpi.reports.Metric.SATISFACTION));
    assertEquals(null, t.get(com.servicekpi.reports.Metric.SALES));
  }

  @Test
  void everyMetricsTargetKeyIsInReferenceConf() {
    com.typesafe.config.Config reference = ConfigFactory.defaultReference();
    for (com.servicekpi.reports.Metric m : com.servicekpi.reports.Metric.values()) {
      assertTrue(reference.hasPathOrNull("targets." + m.targetKey()), "targets." + m.targetKey());
    }
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
