package org.gconv4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23: two processes save the same checkpoint at once (two trainings given one --checkpoint).
 * Every read during the writes must be one whole save of one writer (array values and both JSON
 * documents agree), both writers must finish without an error, and no temporary file may remain.
 */
class TwoWritersTest {
  @TempDir
  Path dir;

  @Test
  void twoProcessesWritingOneCheckpointLoseNothing() throws Exception {
    Path file = dir.resolve("model.npz");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int saves = 30;
    List<Process> writers = new ArrayList<>();
    for (int id = 1; id <= 2; id++) {
      writers.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
          ConcurrentCheckpointWriter.class.getName(), file.toString(), String.valueOf(id), String.valueOf(saves))
          .redirectErrorStream(true).start());
    }
    int reads = 0;
    int refused = 0;
    int[] seen = new int[3];
    while (writers.stream().anyMatch(Process::isAlive) || reads == 0) {
      Checkpoint.Contents c;
      try {
        c = Checkpoint.read(file);
      } catch (NoSuchFileException e) {
        Thread.onSpinWait();
        continue;
      } catch (java.io.IOException e) {
        // on a loaded machine the writers can replace the file during every one of read's attempts: then the
        // reader must get this clear refusal, never a mixed save
        assertTrue(e.getMessage().contains("was replaced 5 times while it was read"), e.toString());
        refused++;
        continue;
      }
      reads++;
      JsonObject t = JsonParser.parseString(c.trainingJson()).getAsJsonObject();
      int writer = t.get("writer").getAsInt();
      int save = t.get("save").getAsInt();
      assertEquals(writer, JsonParser.parseString(c.architectureJson()).getAsJsonObject().get("writer").getAsInt());
      float[] w = c.arrays().get("layer.running_mean").data();
      for (float v : w) {
        assertEquals(writer * 100_000f + save, v, "a mixed or partial save");
      }
      seen[writer]++;
    }
    for (Process p : writers) {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
      assertTrue(out.startsWith("done"), out);
    }
    Checkpoint.Contents last = Checkpoint.read(file);
    int save = JsonParser.parseString(last.trainingJson()).getAsJsonObject().get("save").getAsInt();
    assertEquals(saves - 1, save, "the file holds one writer's last save");
    try (var s = Files.list(dir)) {
      assertEquals(List.of("model.npz"), s.map(p -> p.getFileName().toString()).toList(), "no temporary files left");
    }
    assertTrue(reads > 0, "read " + reads + " times (" + refused + " refused as being replaced); by writer " + seen[1] + "/" + seen[2]);
  }
}
