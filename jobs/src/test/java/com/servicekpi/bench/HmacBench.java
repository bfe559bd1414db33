package com.servicekpi.bench;

import static org.apache.spark.sql.functions.call_udf;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.max;

import com.servicekpi.config.Settings;
import com.servicekpi.job.SparkSessions;
import com.servicekpi.privacy.BuyerIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The buyers' keyed hash over 9M cached ids like the generator's ("b%06d", 3M distinct), each
 * variant timed as one Spark job in one JVM (run by {@code bench/variants.sh HmacBench N}, N the
 * number of ids):
 * <ul>
 *   <li>{@code none}: the ids themselves, the floor (the scan of the cache and the aggregation);
 *   <li>{@code builtin}: {@link BuyerIds#hmacSha256Hex}, two of Spark's {@code sha2} per id;
 *   <li>{@code udf}: a Java UDF with one {@code javax.crypto.Mac} per thread, which keeps the key's
 *       padded blocks hashed once (tried, not kept: see the git history of docs/benchmarks.md).
 * </ul>
 */
public final class HmacBench {
  private static final String KEY = "bench-key";
  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  });

  private HmacBench() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSessions.create(Settings.load(null));
    spark.udf().register("hmac_udf", (UDF1<String, String>) s -> s == null ? null
        : HexFormat.of().formatHex(MAC.get().doFinal(s.getBytes(StandardCharsets.UTF_8))), DataTypes.StringType);
    long n = Long.parseLong(args[0]);
    Dataset<Row> ids = spark.range(n).select(format_string("b%06d", col("id").mod(n / 3)).as("buyer_id")).cache();
    ids.count();
    for (String variant : args[1].split(",")) {
      Column h = switch (variant) {
        case "none" -> col("buyer_id");
        case "builtin" -> BuyerIds.hmacSha256Hex(col("buyer_id"), KEY.getBytes(StandardCharsets.UTF_8));
        case "udf" -> call_udf("hmac_udf", col("buyer_id"));
        default -> throw new IllegalArgumentException("unknown variant " + variant);
      };
      long t0 = System.nanoTime();
      Row r = ids.select(h.as("h")).agg(max(col("h")), count(col("h"))).first();
      System.out.printf(Locale.ROOT, "%-8s %6.2f s  max %s of %d%n", variant, (System.nanoTime() - t0) / 1e9,
          r.getString(0), r.getLong(1));
    }
  }
}
