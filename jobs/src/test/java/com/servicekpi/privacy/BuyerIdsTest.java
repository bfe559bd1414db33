package com.servicekpi.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.servicekpi.testing.TestSpark;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The keyed hash of buyer ids, as a Spark expression, against RFC 4231 and javax.crypto. */
class BuyerIdsTest {
  private static List<Row> hash(List<String> ids, String key) {
    Dataset<Row> df = TestSpark.session().createDataset(ids, Encoders.STRING()).toDF("buyer_id");
    return BuyerIds.pseudonymise(df, key).collectAsList();
  }

  private static String javax(String key, String value) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void rfc4231TestCase2() {
    assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        hash(List.of("what do ya want for nothing?"), "Jefe").get(0).getString(0));
  }

  @Test
  void aKeyLongerThanABlockIsHashedFirstAsInJavax() throws Exception {
    String key = "k".repeat(131);
    assertEquals(javax(key, "buyer-0001"), hash(List.of("buyer-0001"), key).get(0).getString(0));
  }

  @Test
  void chineseIdsAreHashedAsUtf8() throws Exception {
    assertEquals(javax("密钥", "买家张三"), hash(List.of("买家张三"), "密钥").get(0).getString(0));
  }

  @Test
  void aNullIdStaysNull() {
    Dataset<Row> df = TestSpark.session().sql("select cast(null as string) as buyer_id");
    assertNull(BuyerIds.pseudonymise(df, "k").first().get(0));
  }
}
