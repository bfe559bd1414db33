package com.servicekpi.sources;

/** Input that cannot be read at all: a missing folder, no files, a missing required column. */
public final class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
