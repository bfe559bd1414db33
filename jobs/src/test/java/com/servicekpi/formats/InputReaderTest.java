package com.servicekpi.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.servicekpi.sources.InputException;
import com.servicekpi.sources.Source;
import com.servicekpi.testing.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a source folder: formats by extension, column checks before any job. */
class InputReaderTest {
  @TempDir
  Path root;

  private void write(String relative, String content) throws IOException {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content, StandardCharsets.UTF_8);
  }

  private InputReader reader() {
    return new InputReader(TestSpark.session(), true);
  }

  @Test
  void csvJsonLinesAndParquetInOneFolderAreReadTogether() throws IOException {
    write("ratings/a.csv", "score,agent_id,buyer_id,rated_at,extra\n5,a1,b1,2026-10-01 10:00:00,x\n");
    write("ratings/b.jsonl", "{\"agent_id\":\"a2\",\"buyer_id\":\"b2\",\"rated_at\":\"2026-10-01T02:00:00Z\",\"score\":4}\n");
    TestSpark.session().createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("a3", "b3", "2026-10-01 11:00:00", 3)),
            new org.apache.spark.sql.types.StructType()
                .add("agent_id", "string").add("buyer_id", "string").add("rated_at", "string").add("score", "int"))
        .coalesce(1).write().parquet(root.resolve("ratings/part").toString());
    Dataset<Row> df = reader().read(root.toString(), Source.RATINGS);
    assertEquals(List.of("agent_id", "buyer_id", "rated_at", "score", "_file", "_malformed", "_block", "_row"),
        List.of(df.columns()));
    List<String> scores = df.orderBy("agent_id").collectAsList().stream().map(r -> r.getString(3)).toList();
    assertEquals(List.of("5", "4", "3"), scores);
  }

  @Test
  void parquetTimestampsStayTypedKeepTheirInstantAndPassValidation() throws IOException {
    TestSpark.session().sql("SELECT 'm1' AS message_id, 'b1' AS buyer_id, 'a1' AS agent_id, 'buyer' AS sender,"
            + " TIMESTAMP'2026-10-01 02:00:00Z' AS sent_at")
        .coalesce(1).write().parquet(root.resolve("messages/part").toString());
    Dataset<Row> raw = reader().read(root.toString(), Source.MESSAGES);
    assertEquals(org.apache.spark.sql.types.DataTypes.TimestampType, raw.schema().apply("sent_at").dataType());
    Row typed = com.servicekpi.staging.Validate.messages(raw).first();
    org.junit.jupiter.api.Assertions.assertTrue(typed.isNullAt(typed.fieldIndex(com.servicekpi.staging.Validate.REASON)));
    Object sentAt = typed.getAs("sent_at");
    assertEquals(java.time.Instant.parse("2026-10-01T02:00:00Z"),
        sentAt instanceof java.time.Instant i ? i : ((java.sql.Timestamp) sentAt).toInstant());
  }

  @Test
  void quotedCsvFieldsKeepCommasQuotesAndLineBreaks() throws IOException {
    write("roster/r.csv", "agent_id,agent_name,team_id,team_name,role,valid_from\n"
        + "a1,\"王, \"\"小\"\"静\",T1,\"售前\n一组\",presale,2026-01-01\n");
    Row r = reader().read(root.toString(), Source.ROSTER).first();
    assertEquals("王, \"小\"静", r.getAs("agent_name"));
    assertEquals("售前\n一组", r.getAs("team_name"));
  }

  @Test
  void emptyCellsAreNulls() throws IOException {
    write("orders/o.csv", "order_id,buyer_id,created_at,paid_at,amount\no1,b1,2026-10-01 10:00:00,,5\n");
    Row r = reader().read(root.toString(), Source.ORDERS).first();
    assertTrue(r.isNullAt(r.fieldIndex("paid_at")));
  }

  @Test
  void aMissingRequiredColumnNamesSourceFileMissingAndFoundColumns() throws IOException {
    write("messages/day1.csv", "message_id,buyer_id,sender,agent_id\nm1,b1,buyer,a1\n");
    InputException e = assertThrows(InputException.class, () -> reader().read(root.toString(), Source.MESSAGES));
    assertTrue(e.getMessage().contains("source 'messages'"), e.getMessage());
    assertTrue(e.getMessage().contains("day1.csv"), e.getMessage());
    assertTrue(e.getMessage().contains("lacks required column(s) [sent_at]"), e.getMessage());
    assertTrue(e.getMessage().contains("columns found: [message_id, buyer_id, sender, agent_id]"), e.getMessage());
  }

  @Test
  void aMissingFolderOrAnUnsupportedFileIsAClearError() throws IOException {
    InputException missing = assertThrows(InputException.class, () -> reader().read(root.toString(), Source.ORDERS));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    write("orders/orders.xlsx", "binary");
    InputException unsupported = assertThrows(InputException.class, () -> reader().read(root.toString(), Source.ORDERS));
    assertTrue(unsupported.getMessage().contains("orders.xlsx has an unsupported extension"), unsupported.getMessage());
  }

  @Test
  void hiddenAndUnderscoreFilesAreSkipped() throws IOException {
    write("orders/o.csv", "order_id,buyer_id,created_at,amount\no1,b1,2026-10-01 10:00:00,5\n");
    write("orders/_SUCCESS", "");
    write("orders/.o.csv.crc", "x");
    assertEquals(1, reader().read(root.toString(), Source.ORDERS).count());
  }

  @Test
  void filesInHiddenFoldersAreSkippedAndDateFoldersAreRead() throws IOException {
    String header = "order_id,buyer_id,created_at,amount\n";
    write("orders/date=2026-10-01/sub/o.csv", header + "o1,b1,2026-10-01 10:00:00,5\n");
    write("orders/_temporary/0/o.csv", header + "o2,b1,2026-10-01 10:00:00,5\n");
    write("orders/.staging/o.csv", header + "o3,b1,2026-10-01 10:00:00,5\n");
    write("orders/date=2026-10-01/_tmp/o.csv", header + "o4,b1,2026-10-01 10:00:00,5\n");
    List<String> ids = reader().read(root.toString(), Source.ORDERS).collectAsList().stream()
        .map(r -> r.<String>getAs("order_id")).toList();
    assertEquals(List.of("o1"), ids);
  }

  @Test
  void aMalformedJsonLineIsRejectedWithItsTextAndTheOtherLinesAreKept() throws IOException {
    write("ratings/r.jsonl", "{\"agent_id\":\"a1\",\"buyer_id\":\"b1\",\"rated_at\":\"2026-10-01T02:00:00Z\",\"score\":4}\n"
        + "{\"agent_id\":\"a2\", broken\n");
    List<Row> rows = com.servicekpi.staging.Validate.ratings(reader().read(root.toString(), Source.RATINGS))
        .orderBy("agent_id").select("agent_id", "raw", com.servicekpi.staging.Validate.REASON).collectAsList();
    assertEquals(2, rows.size());
    assertEquals("malformed JSON line", rows.get(0).getString(2));
    assertEquals("{\"agent_id\":\"a2\", broken", rows.get(0).getString(1));
    assertTrue(rows.get(1).isNullAt(2));
  }

  @Test
  void aRangeReadsOnlyTheDateFoldersItNeedsWithADayOfSlack() throws IOException {
    String header = "message_id,buyer_id,agent_id,sender,sent_at\n";
    write("messages/date=2026-10-01/a.csv", header + "m1,b1,a1,buyer,2026-10-01 10:00:00\n");
    write("messages/date=2026-10-05/b.csv", header + "m2,b1,a1,buyer,2026-10-05 10:00:00\n");
    write("messages/date=2026-10-08/c.csv", header + "m3,b1,a1,buyer,2026-10-08 10:00:00\n");
    var range = new com.servicekpi.model.DateRange(java.time.LocalDate.parse("2026-10-03"), java.time.LocalDate.parse("2026-10-04"));
    List<String> ids = reader().read(root.toString(), Source.MESSAGES, range).orderBy("message_id")
        .collectAsList().stream().map(r -> r.<String>getAs("message_id")).toList();
    assertEquals(List.of("m2"), ids); // 10-05 is the day of slack after the range; 10-01 and 10-08 are not read
    assertEquals(3, reader().read(root.toString(), Source.MESSAGES).count());
  }

  @Test
  void aRangeWithNoDateFolderGivesNoRowsNotAnError() throws IOException {
    write("ratings/date=2026-10-01/a.csv", "agent_id,buyer_id,rated_at,score\na1,b1,2026-10-01 10:00:00,5\n");
    var range = new com.servicekpi.model.DateRange(java.time.LocalDate.parse("2026-11-03"), java.time.LocalDate.parse("2026-11-04"));
    assertEquals(0, reader().read(root.toString(), Source.RATINGS, range).count());
  }

  private static List<Row> reasons(Dataset<Row> typed) {
    return typed.orderBy("agent_id").select("agent_id", "raw", com.servicekpi.staging.Validate.REASON).collectAsList();
  }

  @Test
  void aCsvRecordWithMoreOrFewerFieldsThanTheHeaderIsRejected() throws IOException {
    write("ratings/r.csv", "agent_id,buyer_id,rated_at,score\n"
        + "a1,b1,2026-10-01 10:00:00,5\n"
        + "a2,b2,2026-10-01 10:00:00,5,surplus\n"
        + "a3,b3,2026-10-01 10:00:00\n");
    List<Row> rows = reasons(com.servicekpi.staging.Validate.ratings(reader().read(root.toString(), Source.RATINGS)));
    assertTrue(rows.get(0).isNullAt(2), rows.toString());
    assertEquals("CSV record whose number of fields differs from the header's", rows.get(1).getString(2));
    assertEquals("a2,b2,2026-10-01 10:00:00,5,surplus", rows.get(1).getString(1));
    assertEquals("CSV record whose number of fields differs from the header's", rows.get(2).getString(2));
  }

  @Test
  void bytesThatAreNotUtf8AreRejectedInCsvAndJsonLines() throws IOException {
    byte[] gbk = "王".getBytes(java.nio.charset.Charset.forName("GBK"));
    Path csv = root.resolve("ratings/r.csv");
    Files.createDirectories(csv.getParent());
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.writeBytes("agent_id,buyer_id,rated_at,score\na1,b1,2026-10-01 10:00:00,5\na2,".getBytes(StandardCharsets.UTF_8));
    b.writeBytes(gbk);
    b.writeBytes(",2026-10-01 10:00:00,5\n".getBytes(StandardCharsets.UTF_8));
    Files.write(csv, b.toByteArray());
    b.reset();
    b.writeBytes("{\"agent_id\":\"a3\",\"buyer_id\":\"".getBytes(StandardCharsets.UTF_8));
    b.writeBytes(gbk);
    b.writeBytes("\",\"rated_at\":\"2026-10-01T02:00:00Z\",\"score\":4}\n".getBytes(StandardCharsets.UTF_8));
    Files.write(root.resolve("ratings/r.jsonl"), b.toByteArray());
    List<Row> rows = reasons(com.servicekpi.staging.Validate.ratings(reader().read(root.toString(), Source.RATINGS)));
    // the JSON line does not parse: its fields are null (sorted first), the raw line is kept
    assertEquals(3, rows.size());
    assertEquals("bytes that are not UTF-8 (save the export as UTF-8)", rows.get(0).getString(2));
    assertTrue(rows.get(0).getString(1).startsWith("{\"agent_id\":\"a3\""), rows.toString());
    assertEquals("a1", rows.get(1).getString(0));
    assertTrue(rows.get(1).isNullAt(2), rows.toString());
    assertEquals("bytes that are not UTF-8 (save the export as UTF-8)", rows.get(2).getString(2));
  }

  @Test
  void rejectedRowsGetTheirRecordNumberInTheirFileAlsoAcrossSplits() throws IOException {
    // one CSV file read in several splits (line mode, tiny splits), one JSON lines file
    StringBuilder csv = new StringBuilder("agent_id,buyer_id,rated_at,score\n");
    for (int i = 1; i <= 40; i++) {
      csv.append(String.format("a%02d,b,2026-10-01 10:00:00,%d\n", i, i == 7 || i == 33 ? 9 : 5));
    }
    write("ratings/r.csv", csv.toString());
    write("ratings/s.jsonl", "{\"agent_id\":\"x1\",\"buyer_id\":\"b\",\"rated_at\":\"2026-10-01T02:00:00Z\",\"score\":4}\n"
        + "{\"agent_id\":\"x2\",\"buyer_id\":\"b\",\"rated_at\":\"2026-10-01T02:00:00Z\",\"score\":0}\n");
    var spark = TestSpark.session();
    java.util.Map<String, String> tinySplits =
        java.util.Map.of("spark.sql.files.maxPartitionBytes", "200", "spark.sql.files.openCostInBytes", "0");
    TestSpark.withConf(tinySplits, () -> {
      Dataset<Row> raw = new InputReader(spark, false).read(root.toString(), Source.RATINGS);
      assertTrue(raw.select("_block").distinct().count() > 3, "the CSV file is read in several splits");
      Dataset<Row> typed = com.servicekpi.staging.Validate.ratings(raw);
      Dataset<Row> rejected = typed.filter(org.apache.spark.sql.functions.col("reject_reason").isNotNull())
          .select("agent_id", "_file", "_block", "_row");
      List<String> numbered = com.servicekpi.staging.RecordNumbers.number(rejected,
              com.servicekpi.staging.RecordNumbers.splits(raw))
          .orderBy("agent_id").collectAsList().stream()
          .map(r -> r.getString(0) + "@" + Path.of(java.net.URI.create(r.getString(1))).getFileName() + ":" + r.get(2))
          .toList();
      assertEquals(List.of("a07@r.csv:7", "a33@r.csv:33", "x2@s.jsonl:2"), numbered);
      return null;
    });
  }
}
