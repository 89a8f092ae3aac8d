package org.gconv4j.io;

import java.io.IOException;

/** A {@code .npy}/{@code .npz} file that gconv4j cannot read: bad magic, header, dtype, layout or size. */
public final class NpyFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  public NpyFormatException(String message) {
    super(message);
  }

  public NpyFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
