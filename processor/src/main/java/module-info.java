/**
 * gconv4j's annotation processor: reads {@code @GroupSpec}, validates it, computes the group and its
 * tables and generates the group's classes. It exports nothing; javac finds it as a service.
 *
 * <p>This descriptor is the one the processor is compiled with. The published jar carries the
 * annotations and JavaPoet (relocated) inside it, so that {@code javac -processorpath
 * gconv4j-processor.jar} needs nothing else; a descriptor naming those dependencies would not fit that
 * jar, so the jar leaves it out and names itself {@code org.gconv4j.processor} in its manifest
 * ({@code Automatic-Module-Name}): on {@code --processor-module-path} it is an automatic module whose
 * {@code META-INF/services} entry javac reads.
 */
module org.gconv4j.processor {
  requires java.compiler;
  requires org.gconv4j.annotations;
  requires com.palantir.javapoet;
  requires static com.google.auto.service;

  provides javax.annotation.processing.Processor with
      org.gconv4j.processor.GroupSpecProcessor,
      org.gconv4j.processor.GroupRegistryProcessor;
}
