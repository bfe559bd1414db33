package com.servicekpi.sources;

import com.servicekpi.config.Settings.Secret;
import com.servicekpi.config.Settings.SettingsException;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.charset.Charset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Spec §7: where one source's rows come from and how the export's columns become the contract's.
 * Bound from {@code sources.<source>} of the configuration ({@link #bind}); a source without a
 * mapping is read from {@code <input root>/<source>/} as spec §1 says.
 *
 * @param path a file, a folder or a glob, relative to the input root or any Hadoop URI
 * @param format csv, jsonl, parquet or jdbc; null: from each file's extension
 * @param columns contract column to Spark SQL expression over the export's columns, in the
 *     order written
 * @param filter rows for which it is not true are filtered; null: none
 * @param query a Spark SQL query over the view {@code export}, instead of columns and filter
 */
public record SourceMapping(Source source, String path, String format, Csv csv, Jdbc jdbc,
                            Map<String, String> columns, String filter, String query) {

  /** The CSV reading options. */
  public record Csv(String encoding, String delimiter, boolean header) {
    static final Csv DEFAULT = new Csv("UTF-8", ",", true);

    /** Whether the bytes are UTF-8, the contract's own encoding (§1). */
    public boolean utf8() {
      return Charset.forName(encoding).name().equals("UTF-8");
    }
  }

  /** A database query or table, reachable with a JDBC URL; the password is never printed. */
  public record Jdbc(String url, String query, String table, String user, Secret password) {
    /** The URL without anything after '?' or ';' (where drivers accept credentials), for messages. */
    public String safeUrl() {
      int cut = url.length();
      for (char c : new char[] {'?', ';'}) {
        int i = url.indexOf(c);
        if (i >= 0 && i < cut) {
          cut = i;
        }
      }
      return url.substring(0, cut) + (cut < url.length() ? "?…" : "");
    }

    /** What the rows are, for messages and the run summary: the table, or "query". */
    public String what() {
      return table != null ? "table " + table : "query";
    }
  }

  public static final List<String> FORMATS = List.of("csv", "jsonl", "parquet", "jdbc");
  private static final Set<String> KEYS = Set.of("path", "format", "csv", "jdbc", "columns", "filter", "query");

  /** Whether the rows come from a database rather than files. */
  public boolean isJdbc() {
    return "jdbc".equals(format);
  }

  /**
   * The mappings of {@code sources} in a resolved configuration, by source; checks every key and
   * value that can be checked without reading the export.
   */
  public static Map<Source, SourceMapping> bind(Config c) {
    Map<Source, SourceMapping> out = new LinkedHashMap<>();
    if (!c.hasPath("sources")) {
      return out;
    }
    Config all = c.getConfig("sources");
    for (String name : all.root().keySet()) {
      Source source = null;
      for (Source s : Source.values()) {
        if (s.folder.equals(name)) {
          source = s;
        }
      }
      if (source == null) {
        throw new SettingsException("sources." + name + ": '" + name + "' is not a source; the sources are "
            + Source.folders() + ".");
      }
      if (all.root().get(name).valueType() != ConfigValueType.OBJECT) {
        throw new SettingsException("sources." + name + " must be a block { path = ..., columns { ... } }.");
      }
      out.put(source, bind(source, all.getConfig(name)));
    }
    return out;
  }

  private static SourceMapping bind(Source source, Config m) {
    String at = "sources." + source.folder;
    for (String key : m.root().keySet()) {
      if (!KEYS.contains(key)) {
        throw new SettingsException(at + "." + key + ": unknown key; a source mapping has "
            + List.of("path", "format", "csv", "jdbc", "columns", "filter", "query") + ".");
      }
    }
    String format = m.hasPath("format") ? m.getString("format").toLowerCase(Locale.ROOT) : null;
    if (format != null && !FORMATS.contains(format)) {
      throw new SettingsException(at + ".format: '" + format + "' is not a format; expected one of " + FORMATS + ".");
    }
    if (format == null && m.hasPath("jdbc")) {
      format = "jdbc";
    }
    Csv csv = Csv.DEFAULT;
    if (m.hasPath("csv")) {
      Config cc = m.getConfig("csv");
      for (String key : cc.root().keySet()) {
        if (!Set.of("encoding", "delimiter", "header").contains(key)) {
          throw new SettingsException(at + ".csv." + key + ": unknown key; expected encoding, delimiter or header.");
        }
      }
      String encoding = cc.hasPath("encoding") ? cc.getString("encoding") : Csv.DEFAULT.encoding();
      try {
        Charset.forName(encoding);
      } catch (RuntimeException e) {
        throw new SettingsException(at + ".csv.encoding: '" + encoding
            + "' is not a charset this Java knows (e.g. UTF-8, GBK, GB18030, Big5, UTF-16).");
      }
      String delimiter = cc.hasPath("delimiter") ? cc.getString("delimiter") : Csv.DEFAULT.delimiter();
      if (delimiter.isEmpty()) {
        throw new SettingsException(at + ".csv.delimiter must not be empty (a tab is \"\\t\").");
      }
      csv = new Csv(encoding, delimiter, cc.hasPath("header") ? cc.getBoolean("header") : true);
    }
    Jdbc jdbc = null;
    if ("jdbc".equals(format)) {
      if (!m.hasPath("jdbc.url")) {
        throw new SettingsException(at + ".jdbc.url is required for a jdbc source (e.g. jdbc:postgresql://host:5432/db).");
      }
      for (String key : m.getConfig("jdbc").root().keySet()) {
        if (!Set.of("url", "query", "table", "user", "password").contains(key)) {
          throw new SettingsException(at + ".jdbc." + key + ": unknown key; expected url, query, table, user or password.");
        }
      }
      String q = m.hasPath("jdbc.query") ? m.getString("jdbc.query") : null;
      String table = m.hasPath("jdbc.table") ? m.getString("jdbc.table") : null;
      if ((q == null) == (table == null)) {
        throw new SettingsException(at + ".jdbc: give either query or table (one of them, not both).");
      }
      jdbc = new Jdbc(m.getString("jdbc.url"), q, table, m.hasPath("jdbc.user") ? m.getString("jdbc.user") : null,
          new Secret(m.hasPath("jdbc.password") ? m.getString("jdbc.password") : null));
    } else if (m.hasPath("jdbc")) {
      throw new SettingsException(at + ".jdbc is given but format is '" + format + "'; set format = jdbc or remove it.");
    }
    Map<String, String> columns = new LinkedHashMap<>();
    if (m.hasPath("columns")) {
      for (Map.Entry<String, ConfigValue> e : m.getConfig("columns").root().entrySet()) {
        if (!source.columns().contains(e.getKey())) {
          throw new SettingsException(at + ".columns." + e.getKey() + ": '" + e.getKey() + "' is not a column of "
              + source.folder + "; its columns are " + source.columns() + ".");
        }
        if (e.getValue().valueType() != ConfigValueType.STRING) {
          throw new SettingsException(at + ".columns." + e.getKey()
              + " must be a Spark SQL expression in quotes, e.g. \"`消息编号`\" or \"'presale'\".");
        }
        columns.put(e.getKey(), (String) e.getValue().unwrapped());
      }
    }
    String filter = m.hasPath("filter") ? m.getString("filter") : null;
    String query = m.hasPath("query") ? m.getString("query") : null;
    if (query != null && (!columns.isEmpty() || filter != null)) {
      throw new SettingsException(at + ": query replaces columns and filter; give either query, or columns and filter.");
    }
    String path = m.hasPath("path") ? m.getString("path") : null;
    if (path == null && !"jdbc".equals(format)) {
      path = source.folder;
    }
    return new SourceMapping(source, path, format, csv, jdbc, columns, filter, query);
  }

  /** For messages: the source and where it reads from, never a password. */
  public String describe() {
    return "source '" + source.folder + "' (" + (isJdbc() ? jdbc.what() + " at " + jdbc.safeUrl()
        : "path " + path + (csv.utf8() ? "" : ", " + csv.encoding())) + ")";
  }
}
