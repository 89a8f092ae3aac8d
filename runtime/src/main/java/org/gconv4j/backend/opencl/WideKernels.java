package org.gconv4j.backend.opencl;

import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.CL_CONTEXT_PLATFORM;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueueWithProperties;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;

import com.aparapi.device.OpenCLDevice;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * The 3 × 3 stride-1 passes of CPU OpenCL devices (PoCL's), written in OpenCL C with 16-wide vectors ({@code float16})
 * and run through JOCL (plain OpenCL bindings), not translated from Java by Aparapi.
 *
 * <p>Why: PoCL 3.1 as Debian builds it compiles for {@code skylake-avx512}, where LLVM prefers 256-bit vectors, so
 * the Java-translated kernels (which PoCL vectorises across work-items) never get past {@code ymm} registers, and
 * Debian's "distro" build pins the target CPU ({@code POCL_LLVM_CPU_NAME} is ignored there). Explicit 512-bit
 * vector types in the source are legal whatever the preference, so these kernels run on {@code zmm} registers, keep
 * their sums in registers over every source channel (one launch per pass instead of one per 8 channels), and reach
 * 3-4× the Java-translated chunk kernels (docs/opencl.md). Not Aparapi's own OpenCL binding
 * ({@code OpenCLDevice.bind}): it leaves a JNI critical region open when the garbage collector has moved an array
 * between two calls, and the next collection then deadlocks the JVM (seen in the tests).
 *
 * <p>Where they ran: there is no Java body to fall back to; every OpenCL error throws ({@link OpenClException}).
 * {@link #bind} builds the program on the CPU device of the same name as Aparapi's and runs both kernels once on a
 * tiny input checked by hand; {@link #invocations()} counts the launches that completed.
 *
 * <p>Layouts (all planes on the padded source's row grid of row stride {@code sW}, whose last {@code sW − cols}
 * columns per row are junk the host drops or zeroes):
 * <ul>
 *   <li>{@code correlate3x3}: x [N, sources, planeIn] zero-padded with slack, w [blocks, sources, 9, 8] ({@link
 *       #blockFilters}), y [N, blocks · 8, planeOut] with planeOut a multiple of {@link #POSITIONS}. Work-item
 *       (group of {@value #POSITIONS} positions, sample · block): 2 × 8 {@code float16} sums.</li>
 *   <li>{@code weights3x3}: x as above, gy [N, outBlocks · 8, positions] zero at junk columns and channels past C_out,
 *       partial [chunks, outBlocks · 8, C_in, 9]. Work-item (input channel · filter row, chunk · block of 8 output
 *       channels): 8 × 3 {@code float16} sums over the chunk's samples and every position, added up at the end.</li>
 * </ul>
 */
public final class WideKernels {
  /** Floats per vector. */
  public static final int WIDTH = 16;
  /** Written channels per work-item (the filter blocks' lanes). */
  public static final int LANES = 8;
  /** Positions per work-item of {@code correlate3x3}: two vectors. */
  public static final int POSITIONS = 2 * WIDTH;
  /** Samples per chunk of the filter gradient (one partial sum per chunk, added up on the host). */
  static final int SAMPLES_PER_CHUNK = 8;

  private static final Map<String, WideKernels> BOUND = new ConcurrentHashMap<>();

  private final String deviceName;
  private final cl_context context;
  private final cl_command_queue queue;
  private final cl_kernel correlate;
  private final cl_kernel weights;
  /** Device buffers per role, grown when a call needs more. */
  private final Map<String, Buffer> buffers = new HashMap<>();
  private final LongAdder invocations = new LongAdder();

  private WideKernels(String deviceName, cl_context context, cl_command_queue queue, cl_kernel correlate, cl_kernel weights) {
    this.deviceName = deviceName;
    this.context = context;
    this.queue = queue;
    this.correlate = correlate;
    this.weights = weights;
  }

  /**
   * The kernels built for the CPU OpenCL device named like {@code device} (once per JVM and device), after one run of
   * each on a tiny input.
   *
   * @throws OpenClException when JOCL cannot load the OpenCL library, or the device cannot build or run them
   */
  public static WideKernels bind(OpenCLDevice device) {
    return BOUND.computeIfAbsent(device.getName(), name -> {
      long t0 = System.nanoTime();
      WideKernels k = build(name, OpenClDevices.describe(device));
      k.selfTest();
      KernelLauncher.recordCompileMillis(device, "WideKernels", (System.nanoTime() - t0) / 1e6);
      return k;
    });
  }

  private static WideKernels build(String name, String described) {
    try {
      CL.setExceptionsEnabled(true);
      int[] count = new int[1];
      clGetPlatformIDs(0, null, count);
      cl_platform_id[] platforms = new cl_platform_id[count[0]];
      clGetPlatformIDs(platforms.length, platforms, null);
      for (cl_platform_id platform : platforms) {
        int[] n = new int[1];
        try {
          clGetDeviceIDs(platform, CL_DEVICE_TYPE_CPU, 0, null, n);
        } catch (org.jocl.CLException none) {
          continue;
        }
        cl_device_id[] devices = new cl_device_id[n[0]];
        clGetDeviceIDs(platform, CL_DEVICE_TYPE_CPU, devices.length, devices, null);
        for (cl_device_id d : devices) {
          if (!deviceName(d).equals(name)) {
            continue;
          }
          cl_context_properties props = new cl_context_properties();
          props.addProperty(CL_CONTEXT_PLATFORM, platform);
          cl_context context = clCreateContext(props, 1, new cl_device_id[] {d}, null, null, null);
          cl_command_queue queue = clCreateCommandQueueWithProperties(context, d, null, null);
          cl_program program = clCreateProgramWithSource(context, 1, new String[] {source()}, null, null);
          clBuildProgram(program, 0, null, null, null, null);
          return new WideKernels(described, context, queue, clCreateKernel(program, "correlate3x3", null),
              clCreateKernel(program, "weights3x3", null));
        }
      }
      throw new OpenClException("[OpenCL] JOCL found no CPU OpenCL device named '" + name + "' (Aparapi's device " + described
          + "). Run with -Dgconv4j.opencl.wide=false to use the Java-translated kernels");
    } catch (LinkageError e) {
      throw new OpenClException("[OpenCL] JOCL could not load the OpenCL library libOpenCL.so (" + e.getMessage()
          + "). Install it (Debian: apt-get install ocl-icd-opencl-dev; ./gconv4j does) or run with "
          + "-Dgconv4j.opencl.wide=false", e);
    } catch (org.jocl.CLException e) {
      throw new OpenClException("[OpenCL] the 16-wide 3 x 3 kernels could not be built for " + described + ": " + e.getMessage()
          + ". Run with -Dgconv4j.opencl.wide=false to use the Java-translated kernels", e);
    }
  }

  private static String deviceName(cl_device_id d) {
    long[] size = new long[1];
    clGetDeviceInfo(d, CL_DEVICE_NAME, 0, null, size);
    byte[] bytes = new byte[(int) size[0]];
    clGetDeviceInfo(d, CL_DEVICE_NAME, bytes.length, Pointer.to(bytes), null);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8).trim();
  }

  /** Launches of either kernel that completed. */
  public long invocations() {
    return invocations.sum();
  }

  /**
   * y [N, blocks · 8, planeOut] = x ⋆ w over {@code sources} channels, sample by sample: x [N, sources, planeIn] padded
   * (reads reach {@code planeOut + 2 · sW + 1} floats into a plane), planeOut a multiple of {@link #POSITIONS}; the first
   * {@code xLength} floats of x and {@code yLength} of y are used.
   */
  public synchronized void correlate3x3(float[] x, int xLength, float[] w, int wLength, float[] y, int yLength, int batch,
      int sources, int blocks, int sW, int planeIn, int planeOut) {
    int groups = planeOut / POSITIONS;
    run("correlate3x3", () -> {
      cl_mem mx = write("correlate.x", x, xLength);
      cl_mem mw = write("correlate.w", w, wLength);
      cl_mem my = buffer("correlate.y", yLength, CL_MEM_WRITE_ONLY);
      args(correlate, new cl_mem[] {mx, mw, my}, sources, blocks, sW, planeIn, planeOut);
      clEnqueueNDRangeKernel(queue, correlate, 2, null, new long[] {groups, (long) batch * blocks},
          new long[] {divisor(groups, 16), 1}, 0, null, null);
      clEnqueueReadBuffer(queue, my, CL_TRUE, 0, 4L * yLength, Pointer.to(y), 0, null, null);
    });
  }

  /**
   * partial [chunks, outBlocks · 8, inC, 9] of the filter gradient: x [N, inC, planeIn] padded, gy [N, outBlocks · 8,
   * positions] on x's row grid with zeros at junk positions; chunks = ceil(N / {@link #SAMPLES_PER_CHUNK}).
   */
  public synchronized void weights3x3(float[] x, int xLength, float[] gy, int gyLength, float[] partial, int partialLength,
      int batch, int inC, int sW, int planeIn, int positions, int outBlocks) {
    int chunks = chunks(batch);
    run("weights3x3", () -> {
      cl_mem mx = write("weights.x", x, xLength);
      cl_mem mg = write("weights.gy", gy, gyLength);
      cl_mem mp = buffer("weights.partial", partialLength, CL_MEM_WRITE_ONLY);
      args(weights, new cl_mem[] {mx, mg, mp}, batch, inC, sW, planeIn, positions, outBlocks, SAMPLES_PER_CHUNK);
      clEnqueueNDRangeKernel(queue, weights, 2, null, new long[] {inC * 3L, (long) chunks * outBlocks},
          new long[] {divisor(inC * 3, 16), 1}, 0, null, null);
      clEnqueueReadBuffer(queue, mp, CL_TRUE, 0, 4L * partialLength, Pointer.to(partial), 0, null, null);
    });
  }

  private static void args(cl_kernel k, cl_mem[] mems, int... ints) {
    for (int i = 0; i < mems.length; i++) {
      clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to(mems[i]));
    }
    for (int i = 0; i < ints.length; i++) {
      clSetKernelArg(k, mems.length + i, Sizeof.cl_int, Pointer.to(new int[] {ints[i]}));
    }
  }

  /** A device buffer and its size in bytes. */
  private record Buffer(cl_mem mem, long bytes) {}

  /** The role's device buffer with at least {@code floats} floats (grown and replaced when smaller). */
  private cl_mem buffer(String role, long floats, long flags) {
    long need = Math.max(1, floats) * 4L;
    Buffer b = buffers.get(role);
    if (b == null || b.bytes() < need) {
      if (b != null) {
        clReleaseMemObject(b.mem());
      }
      b = new Buffer(clCreateBuffer(context, flags, need, null, null), need);
      buffers.put(role, b);
    }
    return b.mem();
  }

  /** The first {@code length} floats of {@code a} copied into the role's device buffer (blocking). */
  private cl_mem write(String role, float[] a, int length) {
    cl_mem m = buffer(role, length, CL_MEM_READ_ONLY);
    clEnqueueWriteBuffer(queue, m, CL_TRUE, 0, 4L * length, Pointer.to(a), 0, null, null);
    return m;
  }

  /** Chunks of the filter gradient's batch. */
  static int chunks(int batch) {
    return (batch + SAMPLES_PER_CHUNK - 1) / SAMPLES_PER_CHUNK;
  }

  /** Blocks of {@link #LANES} written channels. */
  public static int blocks(int channels) {
    return (channels + LANES - 1) / LANES;
  }

  /**
   * Lane-blocked 3 × 3 filters from w [Cout, Cin, 3, 3]: with {@code transposed} false the written channels are Cout and
   * the source channels Cin (forward); with true they are Cin and Cout and the taps are flipped (wT[ci, co, t] =
   * w[co, ci, 8 − t], the input gradient). {@code into} has {@code blocks(written) · source · 9 · LANES} floats,
   * [block][source channel][tap][lane]; lanes past the written channels are 0.
   */
  public static void blockFilters(float[] w, int outC, int inC, boolean transposed, float[] into) {
    blockFilters(w, outC, inC, transposed, transposed ? outC : inC, into);
  }

  /**
   * As {@link #blockFilters(float[], int, int, boolean, float[])} with {@code sourceStride} ≥ the source channels per
   * block (the Java-translated chunk kernel rounds them up to its chunks); the entries past the source channels are 0.
   */
  public static void blockFilters(float[] w, int outC, int inC, boolean transposed, int sourceStride, float[] into) {
    int written = transposed ? inC : outC;
    int source = transposed ? outC : inC;
    Arrays.fill(into, 0, blocks(written) * sourceStride * 9 * LANES, 0f);
    for (int r = 0; r < written; r++) {
      int block = r / LANES;
      int lane = r % LANES;
      for (int s = 0; s < source; s++) {
        int co = transposed ? s : r;
        int ci = transposed ? r : s;
        int from = (co * inC + ci) * 9;
        int to = (block * sourceStride + s) * 9 * LANES + lane;
        for (int t = 0; t < 9; t++) {
          into[to + t * LANES] = w[from + (transposed ? 8 - t : t)];
        }
      }
    }
  }

  private void run(String kernel, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      throw new OpenClException("[OpenCL] kernel " + kernel + " failed on " + deviceName + ": " + e
          + ". Run with -Dgconv4j.opencl.wide=false to use the Java-translated kernels", e);
    }
    invocations.increment();
  }

  /** One run of each kernel on a 1-sample, 1-channel 3 × 3 input, checked against the sums by hand. */
  private void selfTest() {
    int sW = 3;
    int planeIn = 3 * 3 + POSITIONS + 2 * sW + 2;
    float[] x = new float[planeIn];
    for (int i = 0; i < 9; i++) {
      x[i] = i + 1;
    }
    float[] w = new float[9 * LANES];
    w[4 * LANES] = 2f; // centre tap of written channel 0
    float[] y = new float[LANES * POSITIONS];
    correlate3x3(x, x.length, w, w.length, y, y.length, 1, 1, 1, sW, planeIn, POSITIONS);
    float[] gy = new float[LANES * WIDTH];
    gy[0] = 1f; // output position 0 of output channel 0
    float[] partial = new float[LANES * 9];
    weights3x3(x, x.length, gy, gy.length, partial, partial.length, 1, 1, sW, planeIn, WIDTH, 1);
    if (y[0] != 10f || partial[4] != 5f || partial[8] != 9f) {
      throw new OpenClException("[OpenCL] the 16-wide 3 x 3 kernels computed wrong sums on " + deviceName + " (got "
          + y[0] + ", " + partial[4] + ", " + partial[8] + "; want 10, 5, 9). Run with -Dgconv4j.opencl.wide=false");
    }
  }

  /** The largest divisor of {@code n} that is at most {@code max} (a work-group size that divides the global size). */
  static int divisor(int n, int max) {
    for (int d = Math.min(n, max); d > 1; d--) {
      if (n % d == 0) {
        return d;
      }
    }
    return 1;
  }

  /** The OpenCL C source of both kernels (the 3 × 3 taps and the 8 lanes written out; the channel loops stay loops). */
  static String source() {
    StringBuilder s = new StringBuilder();
    s.append("// gconv4j WideKernels: 3 x 3 stride-1 passes for CPU OpenCL devices, 16-wide vectors. Generated by WideKernels.source().\n");
    s.append("inline float hsum16(float16 v) { float8 a = v.lo + v.hi; float4 b = a.lo + a.hi; float2 c = b.lo + b.hi; return c.x + c.y; }\n\n");
    // correlate3x3: 2 position vectors x 8 written channels
    s.append("__kernel void correlate3x3(__global const float* restrict x, __global const float* restrict w,\n")
        .append("    __global float* restrict y, int sources, int blocks, int sW, int planeIn, int planeOut) {\n")
        .append("  int g = get_global_id(0);\n")
        .append("  int nb = get_global_id(1);\n")
        .append("  int n = nb / blocks;\n")
        .append("  int b = nb - n * blocks;\n")
        .append("  int q = g * ").append(POSITIONS).append(";\n")
        .append("  __global const float* xs = x + (size_t) n * sources * planeIn + q;\n")
        .append("  __global const float* wb = w + (size_t) b * sources * ").append(9 * LANES).append(";\n");
    for (int v = 0; v < 2; v++) {
      for (int k = 0; k < LANES; k++) {
        s.append("  float16 s").append(v).append('_').append(k).append(" = (float16)(0.0f);\n");
      }
    }
    s.append("  for (int c = 0; c < sources; c++) {\n");
    for (int a = 0; a < 3; a++) {
      for (int cc = 0; cc < 3; cc++) {
        int t = a * 3 + cc;
        s.append("    {\n");
        for (int v = 0; v < 2; v++) {
          s.append("      float16 v").append(v).append(" = vload16(0, xs + ").append(a).append(" * sW + ").append(cc + v * WIDTH)
              .append(");\n");
        }
        for (int k = 0; k < LANES; k++) {
          s.append("      { float f = wb[").append(t * LANES + k).append("];");
          for (int v = 0; v < 2; v++) {
            s.append(" s").append(v).append('_').append(k).append(" = fma(v").append(v).append(", (float16)(f), s")
                .append(v).append('_').append(k).append(");");
          }
          s.append(" }\n");
        }
        s.append("    }\n");
      }
    }
    s.append("    xs += planeIn;\n    wb += ").append(9 * LANES).append(";\n  }\n");
    s.append("  __global float* yo = y + ((size_t) n * blocks + b) * ").append(LANES).append(" * planeOut + q;\n");
    for (int v = 0; v < 2; v++) {
      for (int k = 0; k < LANES; k++) {
        s.append("  vstore16(s").append(v).append('_').append(k).append(", 0, yo + ").append(k).append(" * planeOut + ")
            .append(v * WIDTH).append(");\n");
      }
    }
    s.append("}\n\n");
    // weights3x3: 8 output channels x 3 filter columns of one (input channel, filter row)
    s.append("__kernel void weights3x3(__global const float* restrict x, __global const float* restrict gy,\n")
        .append("    __global float* restrict partial, int batch, int inC, int sW, int planeIn, int positions, int outBlocks,\n")
        .append("    int samplesPerChunk) {\n")
        .append("  int ia = get_global_id(0);\n")
        .append("  int cb = get_global_id(1);\n")
        .append("  int ci = ia / 3;\n")
        .append("  int a = ia - ci * 3;\n")
        .append("  int chunk = cb / outBlocks;\n")
        .append("  int b = cb - chunk * outBlocks;\n")
        .append("  int n0 = chunk * samplesPerChunk;\n")
        .append("  int n1 = min(batch, n0 + samplesPerChunk);\n");
    for (int k = 0; k < LANES; k++) {
      for (int c = 0; c < 3; c++) {
        s.append("  float16 s").append(k).append('_').append(c).append(" = (float16)(0.0f);\n");
      }
    }
    s.append("  for (int n = n0; n < n1; n++) {\n")
        .append("    __global const float* xs = x + ((size_t) n * inC + ci) * planeIn + a * sW;\n")
        .append("    __global const float* gs = gy + ((size_t) n * outBlocks + b) * ").append(LANES).append(" * positions;\n")
        .append("    for (int q = 0; q < positions; q += ").append(WIDTH).append(") {\n")
        .append("      float16 x0 = vload16(0, xs + q);\n")
        .append("      float16 x1 = vload16(0, xs + q + 1);\n")
        .append("      float16 x2 = vload16(0, xs + q + 2);\n");
    for (int k = 0; k < LANES; k++) {
      s.append("      { float16 d = vload16(0, gs + ").append(k).append(" * positions + q);");
      for (int c = 0; c < 3; c++) {
        s.append(" s").append(k).append('_').append(c).append(" = fma(d, x").append(c).append(", s").append(k).append('_')
            .append(c).append(");");
      }
      s.append(" }\n");
    }
    s.append("    }\n  }\n");
    s.append("  __global float* out = partial + (((size_t) chunk * outBlocks + b) * ").append(LANES)
        .append(" * inC + ci) * 9 + a * 3;\n");
    for (int k = 0; k < LANES; k++) {
      for (int c = 0; c < 3; c++) {
        s.append("  out[").append(k).append(" * inC * 9 + ").append(c).append("] = hsum16(s").append(k).append('_').append(c)
            .append(");\n");
      }
    }
    s.append("}\n");
    return s.toString();
  }
}
