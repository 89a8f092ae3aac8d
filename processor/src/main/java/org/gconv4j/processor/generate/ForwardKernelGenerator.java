package org.gconv4j.processor.generate;

import com.palantir.javapoet.ClassName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gconv4j.processor.compute.FilterTableSet;
import org.gconv4j.processor.compute.StabilizerGroup;
import org.gconv4j.processor.read.SpecModel;

/**
 * Writes the OpenCL forward kernels that carry the group, for a verified 2D spec: per declared filter size n and layer
 * kind (lifting, group to group) one Aparapi kernel class {@code <Spec>Forward<n>} / {@code <Spec>LiftingForward<n>}
 * extending the runtime's {@code org.gconv4j.backend.opencl.GeneratedForwardKernel}, and the provider
 * {@code <Spec>Kernels} ({@code org.gconv4j.backend.opencl.GeneratedKernels}) that lists them.
 *
 * <p>Each work-item computes all S output orientations of T adjacent output columns of one (sample, output channel,
 * row) from one read of F[o, i] and of the input patch per input channel; the filter table is unrolled into the
 * body as register names ({@code a1_0 += x0_0_0 * f29;}: output orientation 1 reads F[o, i] entry 29), so F+ is
 * never formed. The body is straight-line code: T is the largest of 4, 3, 2, 1 that keeps at most
 * {@value #MAX_MACS} multiply-adds per input channel and the class under {@value #MAX_STATEMENTS} statements (PoCL's
 * build time explodes beyond ~1000); a size and kind that does not fit even with T = 1 (P6M's group layer, any 3D
 * group) gets no kernel and runs the generic kernels. Measured in docs/notes/opencl-instruction-counts.md. Plain text
 * rather than JavaPoet: the body is thousands of one-line statements.
 */
public final class ForwardKernelGenerator {
  /** Multiply-adds per input channel a work-item may unroll. */
  public static final int MAX_MACS = 650;
  /** Statements a kernel class must stay below. */
  public static final int MAX_STATEMENTS = 1000;
  /** Output columns per work-item, at most. */
  public static final int MAX_TILE = 4;
  /** The runtime base class of the generated kernels; kernels are generated only when it is on the class path. */
  public static final String BASE = "org.gconv4j.backend.opencl.GeneratedForwardKernel";
  /** The runtime interface of the generated provider. */
  public static final String PROVIDER = "org.gconv4j.backend.opencl.GeneratedKernels";

  /** One generated source file. */
  public record Source(ClassName name, String text) {}

  private final boolean generatedAnnotationAvailable;

  /** @param generatedAnnotationAvailable whether {@code javax.annotation.processing.Generated} is on the target platform */
  public ForwardKernelGenerator(boolean generatedAnnotationAvailable) {
    this.generatedAnnotationAvailable = generatedAnnotationAvailable;
  }

  /** The kernel classes that fit, followed by the provider; empty for 3D groups and when nothing fits. */
  public List<Source> generate(SpecModel spec, StabilizerGroup group, List<FilterTableSet> tables) {
    List<Source> kernels = new ArrayList<>();
    List<String> entries = new ArrayList<>();
    if (group.dimension() != 2) {
      return kernels;
    }
    ClassName provider = GeneratedNames.kernelsClass(spec.element());
    for (FilterTableSet t : tables) {
      for (boolean lifting : new boolean[] {true, false}) {
        ClassName name = GeneratedNames.forwardClass(spec.element(), t.size(), lifting);
        int[] table = lifting ? t.lifting() : t.group();
        for (int tile = MAX_TILE; tile >= 1; tile--) {
          String text = kernel(spec, group, name, table, t.size(), lifting, tile);
          if (macsPerInputChannel(table) * tile <= MAX_MACS && statements(text) < MAX_STATEMENTS) {
            kernels.add(new Source(name, text));
            entries.add("new Forward(" + t.size() + ", " + lifting + ", " + Arrays.hashCode(table) + ", " + tile + ", \""
                + name.canonicalName() + "\", " + name.simpleName() + "::new)");
            break;
          }
        }
      }
    }
    if (!kernels.isEmpty()) {
      kernels.add(new Source(provider, provider(spec, provider, entries)));
    }
    return kernels;
  }

  /** Multiply-adds per input channel and output column: the table's entries inside the support. */
  static int macsPerInputChannel(int[] table) {
    return (int) Arrays.stream(table).filter(v -> v >= 0).count();
  }

  /** Statements of a source: its semicolons. */
  public static long statements(String text) {
    return text.chars().filter(c -> c == ';').count();
  }

  private String header(SpecModel spec, ClassName name) {
    StringBuilder b = new StringBuilder();
    if (!name.packageName().isEmpty()) {
      b.append("package ").append(name.packageName()).append(";\n\n");
    }
    return b.toString();
  }

  private String annotation() {
    return generatedAnnotationAvailable
        ? "@javax.annotation.processing.Generated(\"" + GroupClassGenerator.GENERATOR + "\")\n"
        : "";
  }

  private static String doNotModify(SpecModel spec) {
    return " * <p>DO NOT MODIFY. Generated by the gconv4j annotation processor from the {@code @GroupSpec} on {@code "
        + spec.element().getQualifiedName() + "}.\n";
  }

  private String provider(SpecModel spec, ClassName self, List<String> entries) {
    StringBuilder b = new StringBuilder(header(spec, self));
    b.append("/**\n * The OpenCL forward kernels generated for the group ").append(javadoc(spec.groupName()))
        .append(", found by the runtime through\n * {@code META-INF/services/").append(PROVIDER).append("}.\n *\n")
        .append(doNotModify(spec)).append(" */\n");
    b.append(annotation());
    b.append("public final class ").append(self.simpleName()).append(" implements ").append(PROVIDER).append(" {\n");
    b.append("  public ").append(self.simpleName()).append("() {}\n\n");
    b.append("  @Override\n  public String groupName() {\n    return \"").append(escape(spec.groupName())).append("\";\n  }\n\n");
    b.append("  @Override\n  public java.util.List<Forward> forwards() {\n    return java.util.List.of(");
    for (int i = 0; i < entries.size(); i++) {
      b.append(i == 0 ? "\n        " : ",\n        ").append(entries.get(i));
    }
    b.append(");\n  }\n}\n");
    return b.toString();
  }

  private String kernel(SpecModel spec, StabilizerGroup g, ClassName name, int[] table, int k, boolean lifting, int tile) {
    int order = g.order();
    int inOrder = lifting ? 1 : order;
    int cells = k * k;
    int block = inOrder * cells;
    if (table.length != order * block) {
      throw new IllegalStateException("table of " + table.length + " entries for S = " + order + ", S_in = " + inOrder
          + ", n = " + k);
    }
    int span = tile + k - 1;
    StringBuilder b = new StringBuilder(header(spec, name));
    b.append("/**\n * Forward G-correlation of a ").append(javadoc(spec.groupName())).append(lifting ? " lifting layer, " : " group layer, ")
        .append(k).append(" × ").append(k).append(" filters: each work-item computes the ").append(order)
        .append(" output orientations of ").append(tile).append(tile == 1 ? " output column" : " adjacent output columns")
        .append("\n * of one (sample, output channel, row) from F[o, i] and the input patch, loaded once per input channel;\n")
        .append(" * the filter table is unrolled into register names, F+ is never formed.\n *\n")
        .append(doNotModify(spec)).append(" */\n");
    b.append(annotation());
    b.append("public final class ").append(name.simpleName()).append(" extends ").append(BASE).append(" {\n");
    b.append("  @Override\n  public int order() {\n    return ").append(order).append(";\n  }\n\n");
    b.append("  @Override\n  public int inOrder() {\n    return ").append(inOrder).append(";\n  }\n\n");
    b.append("  @Override\n  public int kernelSize() {\n    return ").append(k).append(";\n  }\n\n");
    b.append("  @Override\n  public int tile() {\n    return ").append(tile).append(";\n  }\n\n");
    b.append("  @Override\n  public void run() {\n");
    b.append("    int gid = getGlobalId(0);\n    if (gid < total) {\n");
    b.append("      int ow0 = min((gid % colBlocks) * ").append(tile).append(", lastColumn);\n");
    b.append("      int rest = gid / colBlocks;\n      int oh = rest % outH;\n      rest = rest / outH;\n");
    b.append("      int o = rest % outC;\n      int n = rest / outC;\n");
    b.append("      int h0 = oh - pad;\n      int c0 = ow0 - pad;\n      int plane = inH * inW;\n");
    b.append("      int interior = (h0 >= 0 && h0 + ").append(k).append(" <= inH && c0 >= 0 && c0 + ").append(span)
        .append(" <= inW) ? 1 : 0;\n");
    b.append("      // zero padding: which rows and columns of the patch lie inside the input\n");
    for (int r = 0; r < k; r++) {
      b.append("      int row").append(r).append(" = (h0 + ").append(r).append(" >= 0 && h0 + ").append(r).append(" < inH) ? 1 : 0;\n");
    }
    for (int c = 0; c < span; c++) {
      b.append("      int col").append(c).append(" = (c0 + ").append(c).append(" >= 0 && c0 + ").append(c).append(" < inW) ? 1 : 0;\n");
    }
    b.append("      // a<s>_<column>: output orientation s (").append(elements(g)).append(")\n");
    for (int s = 0; s < order; s++) {
      for (int w = 0; w < tile; w++) {
        b.append("      float a").append(s).append('_').append(w).append(" = 0f;\n");
      }
    }
    b.append("      for (int i = 0; i < inC; i++) {\n");
    b.append("        int fb = (o * inC + i) * ").append(block).append(";\n");
    b.append("        // f<j> = F[o, i, t, u, v] with j = (t·").append(k).append(" + u)·").append(k).append(" + v\n");
    boolean[] used = new boolean[block];
    for (int v : table) {
      if (v >= 0) {
        used[v] = true;
      }
    }
    for (int j = 0; j < block; j++) {
      if (used[j]) {
        b.append("        float f").append(j).append(" = base[fb + ").append(j).append("];\n");
      }
    }
    b.append("        int xb = (n * inC + i) * ").append(inOrder).append(" * plane + h0 * inW + c0;\n");
    for (int t = 0; t < inOrder; t++) {
      for (int r = 0; r < k; r++) {
        b.append("        int r").append(t).append('_').append(r).append(" = xb + ").append(t).append(" * plane + ").append(r)
            .append(" * inW;\n");
      }
    }
    b.append("        // x<t>_<row>_<column>: the input patch, input orientation t\n");
    for (int t = 0; t < inOrder; t++) {
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < span; c++) {
          b.append("        float ").append(x(t, r, c)).append(" = 0f;\n");
        }
      }
    }
    b.append("        if (interior == 1) {\n");
    for (int t = 0; t < inOrder; t++) {
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < span; c++) {
          b.append("          ").append(x(t, r, c)).append(" = src[r").append(t).append('_').append(r).append(" + ").append(c).append("];\n");
        }
      }
    }
    b.append("        } else {\n");
    for (int t = 0; t < inOrder; t++) {
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < span; c++) {
          b.append("          ").append(x(t, r, c)).append(" = (row").append(r).append(" == 1 && col").append(c)
              .append(" == 1) ? src[r").append(t).append('_').append(r).append(" + ").append(c).append("] : 0f;\n");
        }
      }
    }
    b.append("        }\n");
    for (int s = 0; s < order; s++) {
      b.append("        // s = ").append(s).append(": ").append(comment(g.name(s))).append("\n");
      for (int t = 0; t < inOrder; t++) {
        for (int r = 0; r < k; r++) {
          for (int c = 0; c < k; c++) {
            int src = table[s * block + (t * k + r) * k + c];
            if (src < 0) {
              continue;
            }
            for (int w = 0; w < tile; w++) {
              b.append("        a").append(s).append('_').append(w).append(" += ").append(x(t, r, c + w)).append(" * f")
                  .append(src).append(";\n");
            }
          }
        }
      }
    }
    b.append("      }\n");
    b.append("      int yb = (n * outC + o) * ").append(order).append(" * outH * outW + oh * outW + ow0;\n");
    for (int s = 0; s < order; s++) {
      for (int w = 0; w < tile; w++) {
        b.append("      dst[yb + ").append(s).append(" * outH * outW + ").append(w).append("] = a").append(s).append('_').append(w)
            .append(";\n");
      }
    }
    b.append("    }\n  }\n}\n");
    return b.toString();
  }

  private static String x(int t, int r, int c) {
    return "x" + t + "_" + r + "_" + c;
  }

  private static String elements(StabilizerGroup g) {
    StringBuilder b = new StringBuilder();
    for (int s = 0; s < g.order(); s++) {
      b.append(s == 0 ? "" : ", ").append(s).append(' ').append(comment(g.name(s)));
    }
    return b.toString();
  }

  /** A name safe inside a line comment and a Javadoc comment. */
  private static String comment(String s) {
    return s.replace('\n', ' ').replace('\r', ' ').replace("*/", "* /").replace("\\u", "\\ u");
  }

  private static String javadoc(String s) {
    return comment(s).replace("@", "{@literal @}").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c > 0x7e) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
