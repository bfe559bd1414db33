package com.servicekpi.reports;

/**
 * A section of the monthly review, drawn for one {@link PdfReport}: its fonts, its language, its
 * targets and the drawing it shares (titles, tables, labels).
 */
abstract class Section {
  final PdfReport report;

  Section(PdfReport report) {
    this.report = report;
  }

  /** The text in the report's language. */
  String t(String chinese, String english) {
    return report.t(chinese, english);
  }
}
