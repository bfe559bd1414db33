package com.servicekpi.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.config.Settings;
import com.servicekpi.staging.Validate;
import com.servicekpi.testing.Fixtures;
import com.servicekpi.testing.TestSpark;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec §7, one mapping feature per test, on files written here. */
class MappedReaderTest {
  static final String MESSAGE_COLUMNS = "columns { message_id = \"`编号`\", buyer_id = \"`买家`\", agent_id = \"`客服`\","
      + " sender = \"`发送方`\", sent_at = \"`时间`\" }";

  @TempDir
  Path dir;

  static {
    TestSpark.session().conf().set(Sources.JAVA_CHARSETS, "true");
  }

  private void write(String name, String text, Charset charset) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, text.getBytes(charset));
  }

  private static SourceMapping mapping(String hocon) {
    return SourceMapping.bind(ConfigFactory.parseString(hocon).resolve()).values().iterator().next();
  }

  private MappedReader.Read read(String hocon) {
    return new MappedReader(TestSpark.session(), true).read(dir.toString(), mapping(hocon));
  }

  private static Map<String, Object> first(Dataset<Row> rows) {
    return Fixtures.rows(rows).get(0);
  }

  @Test
  void gbkHeadersAndValuesDecode() throws IOException {
    write("chat.csv", "编号,买家,客服,发送方,时间\nm1,小王,甲,买家,2026-10-05 09:00:00\n", Charset.forName("GBK"));
    Map<String, Object> row = first(read("sources.messages { path = chat.csv, csv.encoding = GBK,"
        + " columns { message_id = \"`编号`\", buyer_id = \"`买家`\", agent_id = \"`客服`\","
        + " sender = \"CASE `发送方` WHEN '买家' THEN 'buyer' END\", sent_at = \"`时间`\" } }").rows());
    assertEquals("小王", row.get("buyer_id"));
    assertEquals("甲", row.get("agent_id"));
    assertEquals("buyer", row.get("sender"));
  }

  @Test
  void utf16WithAByteOrderMarkDecodes() throws IOException {
    // Java's UTF-16 encoder writes a big-endian byte order mark first
    write("chat.csv", "编号,买家,客服,发送方,时间\r\nm1,小王,甲,buyer,2026-10-05 09:00:00\r\n", StandardCharsets.UTF_16);
    Map<String, Object> row = first(read("sources.messages { path = chat.csv, csv.encoding = UTF-16, "
        + MESSAGE_COLUMNS + " }").rows());
    assertEquals("m1", row.get("message_id"));
    assertEquals("2026-10-05 09:00:00", row.get("sent_at"));
  }

  @Test
  void aUtf8ByteOrderMarkIsNotPartOfTheFirstHeader() throws IOException {
    write("m.csv", "\uFEFFmessage_id,buyer_id,sender,sent_at\nm1,b1,buyer,2026-10-05 09:00:00\n", StandardCharsets.UTF_8);
    // no columns block: the contract's names are the export's
    assertEquals("m1", first(read("sources.messages.path = m.csv").rows()).get("message_id"));
  }

  @Test
  void aDelimiterAndHeaderNamesWithSpaces() throws IOException {
    write("m.txt", "Message Id;Buyer Nick;Sender;Sent At\nm1;b 1;buyer;2026-10-05 09:00:00\n", StandardCharsets.UTF_8);
    Map<String, Object> row = first(read("sources.messages { path = m.txt, format = csv, csv.delimiter = \";\","
        + " columns { message_id = \"`Message Id`\", buyer_id = \"`Buyer Nick`\", sender = Sender,"
        + " sent_at = \"`Sent At`\" } }").rows());
    assertEquals("b 1", row.get("buyer_id"));
  }

  @Test
  void withoutAHeaderTheColumnsArePositional() throws IOException {
    write("m.csv", "m1\tb1\tbuyer\t2026-10-05 09:00:00\n", StandardCharsets.UTF_8);
    Map<String, Object> row = first(read("sources.messages { path = m.csv, csv { delimiter = \"\\t\", header = false },"
        + " columns { message_id = _c0, buyer_id = _c1, sender = _c2, sent_at = _c3 } }").rows());
    assertEquals(List.of("m1", "b1", "buyer"), List.of(row.get("message_id"), row.get("buyer_id"), row.get("sender")));
  }

  @Test
  void anExpressionMayGiveATypedTimestampWhichIsThatInstant() throws IOException {
    write("m.csv", "id,ms\nm1,1759626000000\n", StandardCharsets.UTF_8);
    Dataset<Row> typed = Validate.messages(read("sources.messages { path = m.csv, columns { message_id = id,"
        + " buyer_id = \"'b1'\", sender = \"'buyer'\", sent_at = \"timestamp_millis(cast(ms AS bigint))\" } }").rows());
    Map<String, Object> row = first(typed);
    assertEquals(Timestamp.from(Instant.ofEpochMilli(1759626000000L)), row.get("sent_at"));
    // 2025-10-05T01:00:00Z is 09:00 in Asia/Shanghai
    assertEquals(java.sql.Date.valueOf("2025-10-05"), row.get("date"));
  }

  @Test
  void aRequiredColumnWhoseExpressionGivesNullRejectsTheRow() throws IOException {
    write("m.csv", "id,who\nm1,x\n", StandardCharsets.UTF_8);
    Dataset<Row> typed = Validate.messages(read("sources.messages { path = m.csv, columns { message_id = id,"
        + " buyer_id = \"'b1'\", sender = \"CASE who WHEN 'buyer' THEN 'buyer' END\","
        + " sent_at = \"'2026-10-05 09:00:00'\" } }").rows());
    assertEquals("empty required field sender", first(typed).get(Validate.REASON));
  }

  @Test
  void aValueAnExpressionCannotConvertRejectsItsRowInsteadOfStoppingTheRun() throws IOException {
    write("m.csv", "编号,时间\nm1,2026/10/05 09:00:00\nm2,昨天\n", StandardCharsets.UTF_8);
    Dataset<Row> typed = Validate.messages(read("sources.messages { path = m.csv, columns { message_id = \"`编号`\","
        + " buyer_id = \"'b1'\", sender = \"'buyer'\", sent_at = \"to_timestamp(`时间`, 'yyyy/MM/dd HH:mm:ss')\" } }")
        .rows());
    assertEquals("empty required field sent_at", Fixtures.row(typed, "message_id", "m2").get(Validate.REASON));
    assertEquals(null, Fixtures.row(typed, "message_id", "m1").get(Validate.REASON));
  }

  @Test
  void filteredRowsAreCountedApartFromUsedAndRejected() throws IOException {
    write("m.csv", "id,kind,at\nm1,text,2026-10-05 09:00:00\nm2,recalled,2026-10-05 09:00:01\n"
        + "m3,recalled,not a time\nm4,text,not a time\n", StandardCharsets.UTF_8);
    Dataset<Row> typed = Validate.messages(read("sources.messages { path = m.csv, columns { message_id = id,"
        + " buyer_id = \"'b1'\", sender = \"'buyer'\", sent_at = at }, filter = \"kind <> 'recalled'\" }").rows());
    Map<String, Long> byReason = new java.util.TreeMap<>();
    for (Map<String, Object> r : Fixtures.rows(Validate.tally(typed, Validate.usableRows()))) {
      byReason.put(String.valueOf(r.get(Validate.REASON)), (Long) r.get("rows"));
    }
    // m3 is filtered even though its time does not parse: the filter comes first
    assertEquals(Map.of("null", 1L, Validate.FILTERED, 2L, "unparseable timestamp in sent_at", 1L), byReason);
  }

  @Test
  void aRejectedRowKeepsTheExportsOwnValuesFileAndPosition() throws IOException {
    write("m.csv", "编号,时间\nm1,2026-10-05 09:00:00\nm2,昨天\n", StandardCharsets.UTF_8);
    MappedReader.Read r = read("sources.messages { path = m.csv, columns { message_id = \"`编号`\","
        + " buyer_id = \"'b1'\", sender = \"'buyer'\", sent_at = \"`时间`\" } }");
    Row rejected = com.servicekpi.staging.RecordNumbers.rejected(r.rows(), Validate.messages(r.rows())).first();
    assertTrue(rejected.getString(0).endsWith("m.csv"), rejected.getString(0));
    assertEquals(2L, rejected.getLong(1));
    assertEquals("{\"编号\":\"m2\",\"时间\":\"昨天\"}", rejected.getString(3));
  }

  @Test
  void aGlobReadsEveryFileItMatches() throws IOException {
    write("chat/a.csv", "message_id,buyer_id,sender,sent_at\nm1,b1,buyer,2026-10-05 09:00:00\n", StandardCharsets.UTF_8);
    write("chat/b.csv", "message_id,buyer_id,sender,sent_at\nm2,b1,buyer,2026-10-05 09:01:00\n", StandardCharsets.UTF_8);
    write("chat/notes.txt", "not data", StandardCharsets.UTF_8);
    MappedReader.Read r = read("sources.messages.path = \"chat/*.csv\"");
    assertEquals(2, r.locations().size());
    assertEquals(2L, r.rows().count());
  }

  @Test
  void theQueryFormReadsTheViewExport() throws IOException {
    write("posts.csv", "id,author,inbound,reply_to,at\n1,c1,True,,2026-10-05 09:00:00\n"
        + "2,shop,False,1,2026-10-05 09:01:00\n", StandardCharsets.UTF_8);
    Dataset<Row> rows = read("sources.messages { path = posts.csv, query = \"\"\"SELECT t.id AS message_id,"
        + " CASE WHEN t.inbound = 'True' THEN t.author ELSE p.author END AS buyer_id, 'shop' AS agent_id,"
        + " CASE WHEN t.inbound = 'True' THEN 'buyer' ELSE 'agent' END AS sender, t.at AS sent_at"
        + " FROM export t LEFT JOIN export p ON p.id = t.reply_to\"\"\" }").rows();
    Map<String, Object> reply = Fixtures.row(rows, "message_id", "2");
    assertEquals("c1", reply.get("buyer_id"));
    assertEquals("agent", reply.get("sender"));
  }

  // ---- errors, each before any Spark job

  @Test
  void aKeyThatIsNotAContractColumnIsRefused() {
    Settings.SettingsException e = assertThrows(Settings.SettingsException.class,
        () -> mapping("sources.messages.columns { message_id = a, customer = b }"));
    assertTrue(e.getMessage().startsWith("sources.messages.columns.customer: 'customer' is not a column of messages;"
        + " its columns are [message_id, buyer_id"), e.getMessage());
  }

  @Test
  void anUnknownSourceIsRefused() {
    Settings.SettingsException e = assertThrows(Settings.SettingsException.class,
        () -> mapping("sources.chats.path = x"));
    assertTrue(e.getMessage().contains("'chats' is not a source"), e.getMessage());
  }

  @Test
  void queryAndColumnsTogetherAreRefused() {
    Settings.SettingsException e = assertThrows(Settings.SettingsException.class,
        () -> mapping("sources.messages { query = \"SELECT 1\", columns.message_id = a }"));
    assertTrue(e.getMessage().contains("query replaces columns and filter"), e.getMessage());
  }

  @Test
  void anExpressionThatDoesNotParseNamesTheSourceKeyAndColumns() throws IOException {
    write("m.csv", "编号,时间\nm1,2026-10-05 09:00:00\n", StandardCharsets.UTF_8);
    InputException e = assertThrows(InputException.class, () -> read("sources.messages { path = m.csv, columns {"
        + " message_id = \"`编号` +* 1\", buyer_id = \"'b'\", sender = \"'buyer'\", sent_at = \"`时间`\" } }"));
    assertTrue(e.getMessage().startsWith("source 'messages' (path m.csv): sources.messages.columns.message_id"
        + " = \"`编号` +* 1\": [PARSE_SYNTAX_ERROR]"), e.getMessage());
    assertTrue(e.getMessage().contains("The export's columns: [编号, 时间]"), e.getMessage());
  }

  @Test
  void aColumnTheExportLacksIsNamedWithTheClosestMatch() throws IOException {
    write("m.csv", "编号,发送时间\nm1,2026-10-05 09:00:00\n", StandardCharsets.UTF_8);
    InputException e = assertThrows(InputException.class, () -> read("sources.messages { path = m.csv, columns {"
        + " message_id = \"`编号`\", buyer_id = \"'b'\", sender = \"'buyer'\", sent_at = \"`发送时刻`\" } }"));
    assertEquals("source 'messages' (path m.csv): sources.messages.columns.sent_at = \"`发送时刻`\": the export has"
        + " no column `发送时刻`. The export's columns: [编号, 发送时间]; the closest is `发送时间`. Back-quote names"
        + " with spaces or non-ASCII letters, e.g. `发送时间`.", e.getMessage());
  }

  @Test
  void aRequiredColumnNeitherMappedNorInTheExportIsNamed() throws IOException {
    write("m.csv", "message_id,buyer,sender,sent_at\nm1,b,buyer,2026-10-05 09:00:00\n", StandardCharsets.UTF_8);
    InputException e = assertThrows(InputException.class, () -> read("sources.messages.path = m.csv"));
    assertTrue(e.getMessage().contains("required column buyer_id is neither mapped (sources.messages.columns.buyer_id)"
        + " nor a column of the export. The export's columns: [message_id, buyer, sender, sent_at]; the closest is"
        + " `buyer`."), e.getMessage());
  }

  @Test
  void aFileInAnotherEncodingThanTheMappingSaysStopsTheRun() throws IOException {
    write("m.csv", "编号,时间\nm1,2026-10-05 09:00:00\n", Charset.forName("GBK"));
    InputException e = assertThrows(InputException.class, () -> read("sources.messages.path = m.csv"));
    assertTrue(e.getMessage().contains("does not decode as UTF-8 (bytes at offset 0). Set"
        + " sources.messages.csv.encoding to the export's encoding"), e.getMessage());
  }

  @Test
  void aQueryWithoutARequiredColumnIsNamed() throws IOException {
    write("m.csv", "a\n1\n", StandardCharsets.UTF_8);
    InputException e = assertThrows(InputException.class,
        () -> read("sources.messages { path = m.csv, query = \"SELECT a AS message_id FROM export\" }"));
    assertTrue(e.getMessage().contains("lacks required column(s) [buyer_id, sender, sent_at]; its columns are"
        + " [message_id]"), e.getMessage());
  }

  @Test
  void aPathThatMatchesNothingIsNamed() {
    InputException e = assertThrows(InputException.class, () -> read("sources.messages.path = \"chat/*.csv\""));
    assertTrue(e.getMessage().startsWith("source 'messages' (path chat/*.csv): nothing at "), e.getMessage());
  }
}
