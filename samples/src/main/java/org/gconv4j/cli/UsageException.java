package org.gconv4j.cli;

/** Bad command-line arguments: the launcher prints the message and the command's usage, exit 2. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
