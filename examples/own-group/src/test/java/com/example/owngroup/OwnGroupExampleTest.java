package com.example.owngroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gconv4j.export.onnx.Onnx;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's user path, with its promises checked. */
class OwnGroupExampleTest {
  @TempDir
  Path dir;

  @Test
  void theProcessorGeneratedTheGroupAndRegisteredIt() {
    Group p3m = GroupRegistry.load().find("P3M");
    assertEquals(6, p3m.order());
    assertEquals(2, p3m.dimension());
    // R^3 = e and M R M = R^-1: the dihedral group of order 6
    int r = 1;
    int m = 3;
    assertEquals(0, p3m.multiply(r, p3m.multiply(r, r)));
    assertEquals(p3m.inverse(r), p3m.multiply(m, p3m.multiply(r, m)));
  }

  @Test
  void trainsStaysInvariantSavesAndExports() throws Exception {
    OwnGroupExample.Result r = OwnGroupExample.run(dir);
    var epochs = r.report().epochs();
    assertTrue(epochs.get(epochs.size() - 1).trainLoss() < epochs.get(0).trainLoss(), "training lowers the loss: " + epochs);
    assertTrue(r.invarianceError() < 1e-5, "logits move under p3m by " + r.invarianceError());
    assertTrue(r.equivarianceError() < 1e-5, "layer 1 is not p3m-equivariant: " + r.equivarianceError());
    assertEquals(0.0, r.reloadDifference(), "the checkpoint restores the model exactly");
    assertTrue(Files.size(r.checkpoint()) > 0);
    Onnx.ModelProto onnx;
    try (InputStream in = Files.newInputStream(r.onnx())) {
      onnx = Onnx.ModelProto.parseFrom(in);
    }
    long convs = onnx.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Conv")).count();
    assertEquals(3, convs, "one Conv per p3m-correlation");
    // the first Conv's weights are the expanded bank: 6 channels x 6 rotations/mirrors, 1 input, 3x3
    var w = onnx.getGraph().getInitializerList().stream().filter(t -> t.getName().equals("layer00.conv.weight_expanded"))
        .findFirst().orElseThrow();
    assertEquals(java.util.List.of(36L, 1L, 3L, 3L), w.getDimsList());
  }
}
