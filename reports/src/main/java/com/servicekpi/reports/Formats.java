package com.servicekpi.reports;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Numbers as managers read them: 95.7%, 37.5 s, 2 min 05 s or 5 h 32 min, 37,693.91. */
public final class Formats {
  private Formats() {}

  public static String value(Metric m, Double v, boolean chinese) {
    if (v == null) {
      return "—";
    }
    return switch (m.unit) {
      case RATE -> rate(v);
      case SECONDS -> seconds(v, chinese);
      case MONEY -> money(v);
    };
  }

  /** The change from the previous value, in the metric's unit: +1.2 pp, -3.5 s, +1,234.00. */
  public static String change(Metric m, Double now, Double before, boolean chinese) {
    if (now == null || before == null) {
      return "—";
    }
    double d = now - before;
    String sign = d > 0 ? "+" : d < 0 ? "-" : "±";
    double a = Math.abs(d);
    return switch (m.unit) {
      case RATE -> sign + String.format(Locale.ROOT, "%.1f", a * 100) + (chinese ? " 个百分点" : " pp");
      case SECONDS -> sign + seconds(a, chinese);
      case MONEY -> sign + money(a);
    };
  }

  public static String rate(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }

  public static String seconds(double s, boolean chinese) {
    if (s < 60) {
      return String.format(Locale.ROOT, chinese ? "%.1f 秒" : "%.1f s", s);
    }
    long total = Math.round(s);
    if (total >= 3600) {
      // hours (social-media and e-mail answers): to the minute
      long minutes = Math.round(s / 60);
      return chinese ? String.format(Locale.ROOT, "%d 小时 %02d 分", minutes / 60, minutes % 60)
          : String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }
    long min = total / 60;
    long sec = total % 60;
    return chinese ? String.format(Locale.ROOT, "%d 分 %02d 秒", min, sec)
        : String.format(Locale.ROOT, "%d min %02d s", min, sec);
  }

  public static String money(double v) {
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return f.format(v);
  }

  public static String count(long n) {
    DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return f.format(n);
  }
}
