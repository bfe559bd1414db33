package com.servicekpi.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.servicekpi.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** spark.local-conf applies in local mode only, and spark.conf wins over it. */
class SparkSessionsTest {
  @Test
  void localSettingsApplyWhenTheConfiguredMasterIsLocal() {
    Settings s = Settings.load(null);
    assertEquals("false", SparkSessions.conf(s, null).get("spark.shuffle.compress"));
    assertEquals("false", SparkSessions.conf(s, "local[4]").get("spark.shuffle.compress"));
  }

  @Test
  void localSettingsDoNotApplyOnACluster() {
    Map<String, String> conf = SparkSessions.conf(Settings.load(null), "yarn");
    assertNull(conf.get("spark.shuffle.compress"));
    assertEquals("16", conf.get("spark.sql.shuffle.partitions")); // spark.conf still applies
  }

  @Test
  void sparkConfWinsOverTheLocalSettings(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("shop.conf");
    Files.writeString(f, "spark.conf { \"spark.shuffle.compress\" = true }\n");
    assertEquals("true", SparkSessions.conf(Settings.load(f.toFile()), null).get("spark.shuffle.compress"));
  }
}
