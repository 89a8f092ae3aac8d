/**
 * gconv4j's runtime: groups, tensors, layers and models, backends (the Vector API on the CPU, OpenCL
 * through Aparapi), training, checkpoints, ONNX export and data sets.
 *
 * <p>The exported packages are the API, listed type by type in {@code docs/java-api.md} (a test keeps
 * the two equal). Every other package ({@code org.gconv4j.backend.cpu}, {@code org.gconv4j.exec},
 * {@code org.gconv4j.io}, {@code org.gconv4j.internal}, ...) is an implementation detail, also on the
 * class path, where the JVM cannot hide it.
 *
 * <p>A module of yours that declares groups with {@code @GroupSpec} provides what the processor
 * generated, since a named module's {@code META-INF/services} files are not read:
 *
 * <pre>{@code
 * module com.example.mygroups {
 *   requires org.gconv4j.runtime;
 *   provides org.gconv4j.group.Group with com.example.mygroups.P3MGroup;
 *   // only with the generated OpenCL kernels (the default; -Agconv4j.kernels=none turns them off):
 *   provides org.gconv4j.backend.opencl.GeneratedKernels with com.example.mygroups.P3MKernels;
 *   opens com.example.mygroups to aparapi;
 * }
 * }</pre>
 */
module org.gconv4j.runtime {
  requires transitive org.gconv4j.annotations;
  requires jdk.incubator.vector; // resolved for you on the module path; the class path needs --add-modules
  // com.aparapi.Kernel is the base class of GeneratedForwardKernel (an automatic module, named after its jar)
  requires transitive aparapi;
  requires com.google.gson;
  requires com.google.protobuf;
  // the CPU backend reads HotSpot's UseAVX (com.sun.management) to pick its register tiles: required, not "static",
  // so that the module is there whatever the launcher resolves (else the backend guesses 16 registers)
  requires jdk.management;

  exports org.gconv4j.group;
  exports org.gconv4j.tensor;
  exports org.gconv4j.nn;
  exports org.gconv4j.backend;
  exports org.gconv4j.backend.opencl;
  exports org.gconv4j.train;
  exports org.gconv4j.data;
  exports org.gconv4j.export;

  // Aparapi reads the kernels' fields by reflection and their bytecode
  opens org.gconv4j.backend.opencl to aparapi;
  opens org.gconv4j.backend.opencl.kernels to aparapi;

  uses org.gconv4j.group.Group;
  uses org.gconv4j.backend.opencl.GeneratedKernels;
}
