package com.servicekpi.config;

import com.servicekpi.reports.Metric;
import com.servicekpi.sources.Source;
import com.servicekpi.sources.SourceMapping;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of the pipeline, typed and validated, read once at start-up. The keys and their
 * defaults live in {@code reference.conf}; this is the only class that reads them.
 */
public record Settings(
    ZoneId timezone,
    Duration answerWindow,
    int conversionWindowDays,
    int satisfiedMinScore,
    int dissatisfiedMaxScore,
    String inputPath,
    boolean csvMultiline,
    String outputPath,
    String sparkMaster,
    String sparkAppName,
    Map<String, String> sparkConf,
    Map<String, String> sparkLocalConf,
    Report report,
    Trust trust,
    Map<Source, SourceMapping> sources,
    com.servicekpi.model.Calls.Params calls,
    Insights insights) {

  /** Spec §9 and §10: training.window-days and flags.*. */
  public record Insights(int trainingWindowDays, com.servicekpi.quality.Flags.Params flags) {}

  /**
   * Trustworthy runs: the largest share of rejected rows a source may have, the trailing days that
   * `daily` restates, and the key of the buyer-id hash.
   */
  public record Trust(double maxRejectedShare, int restateDays, Secret buyerIdKey) {}

  /** A secret value: never printed, not even by a record's toString. */
  public record Secret(String value) {
    public boolean isEmpty() {
      return value == null || value.isEmpty();
    }

    @Override
    public String toString() {
      return isEmpty() ? "(not set)" : "(set, hidden)";
    }
  }

  /** The PDF reports' settings. */
  public record Report(boolean chinese, String path, String font, long serviceStarMinRatings,
                       Map<Metric, Double> targets, Map<String, Double> phoneTargets) {}

  /** The phone targets (spec §6), by their key under targets. */
  public static final List<String> PHONE_TARGET_KEYS = List.of("answer-rate", "service-level", "asa-s",
      "abandon-rate", "aht-s");

  /** Loads reference.conf, then FILE (if not null), then JVM system properties over both. */
  public static Settings load(File confFile) {
    Config base = ConfigFactory.defaultReference();
    Config file = ConfigFactory.empty();
    if (confFile != null) {
      if (!confFile.isFile()) {
        throw new SettingsException("configuration file " + confFile + " does not exist or is not a file");
      }
      try {
        file = ConfigFactory.parseFile(confFile);
      } catch (ConfigException e) {
        throw new SettingsException("cannot parse configuration file " + confFile + ": " + e.getMessage());
      }
    }
    Config all = ConfigFactory.defaultOverrides().withFallback(file).withFallback(base).resolve();
    return from(all);
  }

  /** Binds an already merged configuration (tests use this with ConfigFactory.parseString). */
  public static Settings from(Config c) {
    try {
      Config resolved = c.withFallback(ConfigFactory.defaultReference()).resolve();
      ZoneId zone;
      try {
        zone = ZoneId.of(resolved.getString("timezone"));
      } catch (DateTimeException e) {
        throw new SettingsException("timezone: '" + resolved.getString("timezone")
            + "' is not a time zone id (expected e.g. Asia/Shanghai, UTC, +08:00)");
      }
      Duration window = resolved.getDuration("response.answer-window");
      if (window.isNegative() || window.isZero()) {
        throw new SettingsException("response.answer-window must be positive, got " + window);
      }
      int windowDays = resolved.getInt("conversion.window-days");
      if (windowDays < 0) {
        throw new SettingsException("conversion.window-days must be >= 0, got " + windowDays);
      }
      int satisfied = resolved.getInt("satisfaction.satisfied-min-score");
      int dissatisfied = resolved.getInt("satisfaction.dissatisfied-max-score");
      if (satisfied < 1 || satisfied > 5 || dissatisfied < 1 || dissatisfied > 5 || dissatisfied >= satisfied) {
        throw new SettingsException("satisfaction scores must satisfy 1 <= dissatisfied-max-score < "
            + "satisfied-min-score <= 5, got " + dissatisfied + " and " + satisfied);
      }
      Map<String, String> sparkConf = sparkSettings(resolved, "spark.conf");
      Map<String, String> sparkLocalConf = sparkSettings(resolved, "spark.local-conf");
      String locale = resolved.getString("report.locale");
      if (!locale.equals("zh-CN") && !locale.equals("en")) {
        throw new SettingsException("report.locale must be zh-CN or en, got '" + locale + "'");
      }
      Map<Metric, Double> targets = new java.util.EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        String key = "targets." + m.targetKey();
        if (resolved.hasPath(key)) {
          targets.put(m, resolved.getDouble(key));
        }
      }
      Map<String, Double> phoneTargets = new LinkedHashMap<>();
      for (String k : PHONE_TARGET_KEYS) {
        if (resolved.hasPath("targets." + k)) {
          phoneTargets.put(k, resolved.getDouble("targets." + k));
        }
      }
      Report report = new Report(locale.equals("zh-CN"), resolved.getString("report.path"),
          resolved.getString("report.font"), resolved.getLong("report.service-star.min-ratings"), targets,
          phoneTargets);
      return new Settings(zone, window, windowDays, satisfied, dissatisfied,
          resolved.getString("input.path"), resolved.getBoolean("input.csv.multiline"),
          resolved.getString("output.path"), resolved.getString("spark.master"),
          resolved.getString("spark.app-name"), sparkConf, sparkLocalConf, report, trust(resolved),
          SourceMapping.bind(resolved), calls(resolved), insights(resolved));
    } catch (ConfigException e) {
      throw new SettingsException("configuration error: " + e.getMessage());
    }
  }

  public Settings withInput(String path) {
    return new Settings(timezone, answerWindow, conversionWindowDays, satisfiedMinScore,
        dissatisfiedMaxScore, path, csvMultiline, outputPath, sparkMaster, sparkAppName, sparkConf, sparkLocalConf, report, trust, sources, calls, insights);
  }

  public Settings withOutput(String path) {
    return new Settings(timezone, answerWindow, conversionWindowDays, satisfiedMinScore,
        dissatisfiedMaxScore, inputPath, csvMultiline, path, sparkMaster, sparkAppName, sparkConf, sparkLocalConf, report, trust, sources, calls, insights);
  }

  public Settings withReportPath(String path) {
    return new Settings(timezone, answerWindow, conversionWindowDays, satisfiedMinScore,
        dissatisfiedMaxScore, inputPath, csvMultiline, outputPath, sparkMaster, sparkAppName, sparkConf, sparkLocalConf,
        new Report(report.chinese(), path, report.font(), report.serviceStarMinRatings(), report.targets(),
            report.phoneTargets()), trust,
        sources, calls, insights);
  }

  /** The same settings with this buyer-id key (the demo's fixed, public key). */
  public Settings withBuyerIdKey(String key) {
    return new Settings(timezone, answerWindow, conversionWindowDays, satisfiedMinScore,
        dissatisfiedMaxScore, inputPath, csvMultiline, outputPath, sparkMaster, sparkAppName, sparkConf, sparkLocalConf, report,
        new Trust(trust.maxRejectedShare(), trust.restateDays(), new Secret(key)), sources, calls, insights);
  }

  /** A block of Spark settings, keys as Spark spells them (the quoted HOCON keys). */
  private static Map<String, String> sparkSettings(Config c, String path) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getConfig(path).entrySet()) {
      List<String> parts = ConfigUtil.splitPath(e.getKey());
      out.put(String.join(".", parts), String.valueOf(e.getValue().unwrapped()));
    }
    return Map.copyOf(out);
  }

  private static Trust trust(Config c) {
    double share = c.getDouble("validation.max-rejected-share");
    if (share < 0 || share > 1) {
      throw new SettingsException("validation.max-rejected-share must be between 0 and 1, got " + share);
    }
    int days = c.getInt("restate.days");
    if (days < 1) {
      throw new SettingsException("restate.days must be at least 1, got " + days);
    }
    return new Trust(share, days, new Secret(c.getString("privacy.buyer-id-key")));
  }

  /** Spec §9 and §10. */
  private static Insights insights(Config c) {
    int window = c.getInt("training.window-days");
    long min = c.getLong("flags.min-receptions");
    double tooFast = c.getDouble("flags.too-fast-s");
    double z = c.getDouble("flags.robust-z");
    if (window < 1) {
      throw new SettingsException("training.window-days must be at least 1, got " + window);
    }
    if (min < 1 || tooFast < 0 || z <= 0) {
      throw new SettingsException("flags.min-receptions must be at least 1, flags.too-fast-s at least 0 and"
          + " flags.robust-z above 0; got " + min + ", " + tooFast + " and " + z);
    }
    return new Insights(window, new com.servicekpi.quality.Flags.Params(min, tooFast, z));
  }

  /** Spec §6: calls.* and targets.service-level. */
  private static com.servicekpi.model.Calls.Params calls(Config c) {
    Duration shortAbandon = c.getDuration("calls.short-abandon");
    Duration threshold = c.getDuration("calls.service-level-threshold");
    Duration interval = c.getDuration("calls.interval");
    if (shortAbandon.isNegative() || threshold.isNegative()) {
      throw new SettingsException("calls.short-abandon and calls.service-level-threshold must not be negative");
    }
    if (interval.getSeconds() < 60 || interval.getSeconds() % 60 != 0 || 86_400 % interval.getSeconds() != 0) {
      throw new SettingsException("calls.interval must be whole minutes that divide a day (e.g. 15 minutes,"
          + " 30 minutes, 1 hour), got " + interval);
    }
    Double target = c.getIsNull("targets.service-level") ? null : c.getDouble("targets.service-level");
    if (target != null && (target <= 0 || target >= 1)) {
      throw new SettingsException("targets.service-level must be above 0 and below 1 (e.g. 0.80), got " + target);
    }
    return new com.servicekpi.model.Calls.Params(shortAbandon.toNanos() / 1000L, threshold.toNanos() / 1000L,
        interval.getSeconds(), target);
  }

  /** The answer window in microseconds, the unit of Spark timestamps. */
  public long answerWindowMicros() {
    return answerWindow.toNanos() / 1000L;
  }

  /** A configuration or settings error, reported to the user as one paragraph. */
  public static final class SettingsException extends RuntimeException {
    public SettingsException(String message) {
      super(message);
    }
  }
}
