package com.servicekpi.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.adaptive.AdaptiveSparkPlanExec;
import org.apache.spark.sql.execution.adaptive.QueryStageExec;
import org.apache.spark.sql.execution.columnar.InMemoryTableScanExec;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Physical plans after they ran: which joins read a cached table without shuffling it. A
 * performance property that no output shows, so it is checked on the plan (the adaptive plan's
 * final form, inside its query stages).
 */
public final class Plans {
  private Plans() {}

  /** A cached table's scan: the node names from the plan's root down to it, and its columns. */
  public record CacheScan(List<String> path, List<String> columns, InMemoryTableScanExec node) {}

  /** Every cached table's scan below {@code root}, inside adaptive plans and query stages too. */
  public static List<CacheScan> cacheScans(SparkPlan root) {
    List<CacheScan> out = new ArrayList<>();
    walk(root, List.of(), out);
    return out;
  }

  private static void walk(SparkPlan node, List<String> above, List<CacheScan> out) {
    List<String> path = new ArrayList<>(above);
    path.add(node.nodeName());
    List<SparkPlan> children = new ArrayList<>(CollectionConverters.asJava(node.children()));
    if (node instanceof AdaptiveSparkPlanExec a) {
      children.add(a.executedPlan());
    }
    if (node instanceof QueryStageExec q) {
      children.add(q.plan());
    }
    if (node instanceof InMemoryTableScanExec m) {
      out.add(new CacheScan(path, CollectionConverters.asJava(m.output()).stream().map(a -> a.name()).toList(), m));
    }
    for (SparkPlan c : children) {
      walk(c, path, out);
    }
  }

  /** The scan of the one cached table below {@code root} that has {@code column}. */
  public static CacheScan cacheWith(SparkPlan root, String column) {
    List<CacheScan> scans = cacheScans(root).stream().filter(c -> c.columns().contains(column)).toList();
    if (scans.size() != 1) {
      throw new AssertionError(scans.size() + " cached tables with " + column + " in " + cacheScans(root));
    }
    return scans.get(0);
  }

  /**
   * The shuffles between a cached table's scan and the nearest sort-merge join above it: none
   * when the join reads the cache in its own partitioning.
   */
  public static List<String> shufflesUnderJoin(CacheScan scan) {
    List<String> path = scan.path();
    int join = path.lastIndexOf("SortMergeJoin");
    if (join < 0) {
      throw new AssertionError("no sort-merge join above the cached table: " + path);
    }
    return path.subList(join + 1, path.size()).stream()
        .filter(n -> n.contains("Exchange") || n.contains("ShuffleQueryStage")).toList();
  }

  /** No broadcast joins, so that small test inputs are joined as large ones are (sort-merge);
   * for {@link TestSpark#withConf}. */
  public static final Map<String, String> NO_BROADCAST = Map.of(
      "spark.sql.autoBroadcastJoinThreshold", "-1", "spark.sql.adaptive.autoBroadcastJoinThreshold", "-1");
}
