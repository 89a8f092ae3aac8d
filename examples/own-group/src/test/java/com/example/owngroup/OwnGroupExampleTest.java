package com.example.owngroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
    // the file read as plain protobuf by ONNX's field numbers (ModelProto.graph = 7; GraphProto.node = 1,
    // .initializer = 5; NodeProto.op_type = 4; TensorProto.dims = 1, .name = 8): gconv4j's own ONNX classes are internal
    UnknownFieldSet model = UnknownFieldSet.parseFrom(Files.readAllBytes(r.onnx()));
    UnknownFieldSet graph = UnknownFieldSet.parseFrom(model.getField(7).getLengthDelimitedList().get(0));
    long convs = graph.getField(1).getLengthDelimitedList().stream()
        .filter(node -> text(node, 4).equals("Conv")).count();
    assertEquals(3, convs, "one Conv per p3m-correlation");
    // the first Conv's weights are the expanded bank: 6 channels x 6 rotations/mirrors, 1 input, 3x3
    UnknownFieldSet w = graph.getField(5).getLengthDelimitedList().stream().map(OwnGroupExampleTest::parse)
        .filter(t -> t.getField(8).getLengthDelimitedList().get(0).toStringUtf8().equals("layer00.conv.weight_expanded"))
        .findFirst().orElseThrow();
    assertEquals(List.of(36L, 1L, 3L, 3L), w.getField(1).getVarintList());
  }

  static UnknownFieldSet parse(ByteString bytes) {
    try {
      return UnknownFieldSet.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  static String text(ByteString message, int field) {
    List<ByteString> values = parse(message).getField(field).getLengthDelimitedList();
    return values.isEmpty() ? "" : values.get(0).toStringUtf8();
  }
}
