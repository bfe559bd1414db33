package com.servicekpi.cli;

import com.servicekpi.config.Settings;
import com.servicekpi.sources.InputException;

/** Turns an exception into the one-paragraph message a user sees. */
final class Errors {
  private Errors() {}

  static String describe(Throwable ex) {
    if (ex instanceof InputException || ex instanceof Settings.SettingsException
        || ex instanceof IllegalArgumentException) {
      return ex.getMessage();
    }
    Throwable root = ex;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    if (root != ex && root.getMessage() != null) {
      msg = msg + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
    return msg;
  }
}
