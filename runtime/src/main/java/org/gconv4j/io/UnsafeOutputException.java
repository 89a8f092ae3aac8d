package org.gconv4j.io;

import java.io.IOException;

/**
 * A write that {@link OutputGuard} refused: the target is one of the command's inputs, or an existing
 * file that is not a regular file (a device, a pipe, a folder, a symbolic link). Nothing was written.
 */
public final class UnsafeOutputException extends IOException {
  private static final long serialVersionUID = 1L;

  public UnsafeOutputException(String message) {
    super(message);
  }
}
