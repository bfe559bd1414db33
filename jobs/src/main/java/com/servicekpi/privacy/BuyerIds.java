package com.servicekpi.privacy;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.unhex;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Buyer ids are personal data: where an output must tell buyers apart (the receptions table) it
 * stores HMAC-SHA-256(key, buyer_id) as 64 lower-case hex digits instead of the id. Without the
 * key the hash cannot be reversed or recomputed from a guessed id; with the same key the same
 * buyer gets the same value in every run, so an analyst can still count and join buyers.
 *
 * <p>Computed with Spark's built-in sha2 (RFC 2104: H((K ^ opad) || H((K ^ ipad) || m))), so it
 * runs as a plain expression, not as a row-by-row UDF.
 */
public final class BuyerIds {
  private static final int BLOCK = 64;

  private BuyerIds() {}

  /** HMAC-SHA-256 of the UTF-8 bytes of a string column, as hex; null stays null. */
  public static Column hmacSha256Hex(Column value, byte[] key) {
    byte[] k = key.length > BLOCK ? sha256(key) : key;
    byte[] ipad = new byte[BLOCK];
    byte[] opad = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      byte b = i < k.length ? k[i] : 0;
      ipad[i] = (byte) (b ^ 0x36);
      opad[i] = (byte) (b ^ 0x5c);
    }
    Column inner = sha2(concat(lit(ipad), value.cast("binary")), 256);
    return sha2(concat(lit(opad), unhex(inner)), 256);
  }

  /** The table with its buyer_id column replaced by the keyed hash. */
  public static Dataset<Row> pseudonymise(Dataset<Row> table, String key) {
    return table.withColumn("buyer_id", hmacSha256Hex(table.col("buyer_id"), key.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
