package org.gconv4j.data;

import java.io.IOException;

/** An IDX file that cannot be read: wrong magic, unsupported type, or truncated. */
final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public IdxFormatException(String message) {
    super(message);
  }
}
