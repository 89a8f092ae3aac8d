package org.gconv4j.backend.opencl;

import static org.gconv4j.backend.ReferenceCorrelation.toDouble;
import static org.gconv4j.backend.opencl.Close.assertClose;
import static org.gconv4j.backend.opencl.Reference.abs;
import static org.gconv4j.backend.opencl.Reference.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.stream.Stream;
import org.gconv4j.group.FilterTables;
import org.gconv4j.group.MatrixGroup;
import org.gconv4j.group.TestGroups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter transformation and its gradient on OpenCL with the real CONVENTIONS §4 tables of every sample group
 * (Z2, P4, P4M, P6, P6M, O, OH; lifting and group-to-group), against the double reference.
 */
class OpenClGroupTablesTest {
  private OpenClBackend backend;

  @BeforeEach
  void setUp() {
    backend = OpenClTestSupport.backend();
  }

  static Stream<MatrixGroup> groups() {
    return TestGroups.all().stream();
  }

  @ParameterizedTest
  @MethodSource("groups")
  void transformAndBackwardWithGroupTables(MatrixGroup group) {
    FilterTables tables = group.tables(group.filterSizes()[0]);
    int order = group.order();
    int cells = tables.cells();
    Random rnd = new Random(order * 31L + cells);
    int outC = 3;
    int inC = 2;
    for (int inOrder : new int[] {1, order}) {
      int[] table = inOrder == 1 ? tables.liftingFlat() : tables.groupFlat();
      int block = inOrder * cells;
      float[] f = random(rnd, outC * inC * block);
      float[] fPlus = new float[outC * order * inC * block];
      backend.transformFilters(f, outC, inC, table, order, inOrder, cells, fPlus);
      double[] ref = Reference.transform(toDouble(f), outC, inC, table, order, block);
      for (int i = 0; i < ref.length; i++) {
        assertEquals((float) ref[i], fPlus[i], group.name() + " S_in=" + inOrder + " F+ entry " + i);
      }
      float[] gPlus = random(rnd, fPlus.length);
      float[] gF = new float[f.length];
      backend.transformFiltersBackward(gPlus, outC, inC, table, order, inOrder, cells, gF);
      assertClose(group.name() + " S_in=" + inOrder + " transform backward",
          Reference.transformBackward(toDouble(gPlus), outC, inC, table, order, block),
          Reference.transformBackward(abs(gPlus), outC, inC, table, order, block), gF);
    }
  }
}
