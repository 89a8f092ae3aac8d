package org.gconv4j.processor.compute;

import static com.google.common.truth.Truth.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class StabilizerGroupTest {

  @Test
  void p4mElementsFollowGrouPyOrderAndNames() {
    StabilizerGroup g = KnownGroups.p4m();
    assertThat(g.order()).isEqualTo(8);
    assertThat(g.elements().stream().map(Word::name).toList())
        .containsExactly("e", "R", "R^2", "R^3", "M", "M R", "M R^2", "M R^3").inOrder();
    IntMatrix m = IntMatrix.of(2, KnownGroups.M);
    IntMatrix r = IntMatrix.of(2, KnownGroups.R);
    assertThat(g.matrix(7)).isEqualTo(m.times(r.power(3)));
  }

  @Test
  void cayleyAndInverseMatchMatrixProducts() {
    for (String name : List.of("P4", "P4M", "P6", "P6M", "OH")) {
      StabilizerGroup g = KnownGroups.byName(name);
      for (int a = 0; a < g.order(); a++) {
        assertThat(g.matrix(a).times(g.matrix(g.inverse(a))).isIdentity()).isTrue();
        for (int b = 0; b < g.order(); b++) {
          assertThat(g.matrix(g.multiply(a, b))).isEqualTo(g.matrix(a).times(g.matrix(b)));
        }
      }
    }
  }

  @Test
  void ohHasFortyEightDistinctElements() {
    assertThat(KnownGroups.oh().order()).isEqualTo(48);
    assertThat(KnownGroups.oh().name(47)).isEqualTo("N X B^2 A^3");
  }

  @Test
  void wordsThatAreNotAGroupAreRefused() {
    WordEnumerator e = new WordEnumerator(2, List.of(KnownGroups.gen("R", KnownGroups.R, 3)));
    assertThrows(IllegalArgumentException.class, () -> StabilizerGroup.of(2, e.words(3)));
  }

  @Test
  void inverseOfUnimodularMatrix() {
    IntMatrix b = IntMatrix.of(3, KnownGroups.B);
    assertThat(b.times(b.inverse()).isIdentity()).isTrue();
    assertThat(IntMatrix.of(2, new int[] {2, 1, 1, 1}).inverse()).isEqualTo(IntMatrix.of(2, new int[] {1, -1, -1, 2}));
    assertThat(IntMatrix.of(3, KnownGroups.X).determinant()).isEqualTo(1);
    assertThat(IntMatrix.of(3, KnownGroups.N).determinant()).isEqualTo(-1);
  }

  @Test
  void generatedGroupDetectsInfiniteGroups() {
    assertThat(GeneratedGroup.of(2, List.of(IntMatrix.of(2, new int[] {1, 1, 0, 1}))).isFinite()).isFalse();
    GeneratedGroup p6m = GeneratedGroup.of(2, List.of(IntMatrix.of(2, KnownGroups.M6), IntMatrix.of(2, KnownGroups.R6)));
    assertThat(p6m.isFinite()).isTrue();
    assertThat(p6m.size()).isEqualTo(12);
  }
}
