package org.gconv4j.backend.opencl;

/**
 * An OpenCL kernel did not run as OpenCL on the chosen device: Aparapi could not translate it, the OpenCL
 * compiler rejected it, the device failed at run time, or Aparapi silently fell back to Java. The message names
 * the kernel, the device and the cause, and says how to opt into the Java fallback.
 */
public class OpenClException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OpenClException(String message) {
    super(message);
  }

  public OpenClException(String message, Throwable cause) {
    super(message, cause);
  }
}
