package org.gconv4j.processor.generate;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.StringJoiner;
import javax.lang.model.element.Modifier;
import org.gconv4j.processor.compute.FilterTableSet;
import org.gconv4j.processor.compute.IntMatrix;
import org.gconv4j.processor.compute.StabilizerGroup;
import org.gconv4j.processor.read.SpecModel;

/**
 * Writes the {@code <Spec>Group} class of a verified spec with JavaPoet. Small tables (matrices,
 * Cayley table, inverses) are int literals; the filter tables, which reach 288,000 entries for OH
 * with 5×5×5 filters, are one String literal of space-separated ints per row, returned by private
 * static methods of a holder class per filter size, so that no method comes near javac's 64 KB
 * limit and each size is parsed once, lazily and thread-safely, by class initialisation.
 */
public final class GroupClassGenerator {
  /** The value of {@code @Generated} on every generated class. */
  public static final String GENERATOR = "org.gconv4j.processor.GroupSpecProcessor";

  private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");
  private static final TypeName INT_ARRAY = ArrayTypeName.of(TypeName.INT);
  private static final TypeName INT_MATRIX = ArrayTypeName.of(INT_ARRAY);
  private static final TypeName STRING_ARRAY = ArrayTypeName.of(ClassName.get(String.class));

  private final boolean generatedAnnotationAvailable;

  /** @param generatedAnnotationAvailable whether {@code javax.annotation.processing.Generated} is on the target platform */
  public GroupClassGenerator(boolean generatedAnnotationAvailable) {
    this.generatedAnnotationAvailable = generatedAnnotationAvailable;
  }

  /** The Java file for the spec's group. */
  public JavaFile generate(SpecModel spec, StabilizerGroup group, List<FilterTableSet> tables) {
    ClassName self = GeneratedNames.groupClass(spec.element());
    int order = group.order();
    int dimension = group.dimension();
    int[] sizes = tables.stream().mapToInt(FilterTableSet::size).toArray();
    String sizeList = Arrays.toString(sizes);

    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(GeneratedNames.GROUP)
        .addOriginatingElement(spec.element())
        .addJavadoc(javadoc(spec, group, sizeList));
    if (generatedAnnotationAvailable) {
      type.addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", GENERATOR).build());
    }

    type.addField(constant(ClassName.get(String.class), "NAME", CodeBlock.of("$S", spec.groupName())));
    type.addField(constant(ClassName.get(String.class), "SPEC_CLASS_NAME", CodeBlock.of("$S", spec.specClassName())));
    type.addField(constant(GeneratedNames.LATTICE, "LATTICE",
        CodeBlock.of("$T.$L", GeneratedNames.LATTICE, spec.lattice().value().name())));
    type.addField(constant(TypeName.INT, "ORDER", CodeBlock.of("$L", order)));
    type.addField(constant(TypeName.INT, "DIMENSION", CodeBlock.of("$L", dimension)));
    type.addField(FieldSpec.builder(INT_MATRIX, "MATRICES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("H_s, row-major, one element per line.\n")
        .initializer(matrices(group)).build());
    type.addField(FieldSpec.builder(STRING_ARRAY, "ELEMENT_NAMES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(elementNames(group)).build());
    type.addField(FieldSpec.builder(INT_MATRIX, "CAYLEY", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("CAYLEY[a][b] = index of H_a · H_b.\n")
        .initializer(cayley(group)).build());
    type.addField(FieldSpec.builder(INT_ARRAY, "INVERSE", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("INVERSE[a] = index of H_a^-1.\n")
        .initializer(intArray(group.inverses())).build());
    type.addField(FieldSpec.builder(INT_ARRAY, "FILTER_SIZES", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .initializer(intArray(sizes)).build());

    type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC).build());
    type.addMethod(getter("name", ClassName.get(String.class), "NAME"));
    type.addMethod(getter("specClassName", ClassName.get(String.class), "SPEC_CLASS_NAME"));
    type.addMethod(getter("lattice", GeneratedNames.LATTICE, "LATTICE"));
    type.addMethod(getter("dimension", TypeName.INT, "DIMENSION"));
    type.addMethod(getter("order", TypeName.INT, "ORDER"));
    type.addMethod(override("matrix", INT_MATRIX).addParameter(TypeName.INT, "s")
        .addStatement("int[] m = MATRICES[$T.checkIndex(s, ORDER)]", Objects.class)
        .addStatement("int[][] out = new int[DIMENSION][DIMENSION]")
        .beginControlFlow("for (int i = 0; i < DIMENSION; i++)")
        .addStatement("$T.arraycopy(m, i * DIMENSION, out[i], 0, DIMENSION)", System.class)
        .endControlFlow()
        .addStatement("return out").build());
    type.addMethod(override("elementName", ClassName.get(String.class)).addParameter(TypeName.INT, "s")
        .addStatement("return ELEMENT_NAMES[$T.checkIndex(s, ORDER)]", Objects.class).build());
    type.addMethod(override("multiply", TypeName.INT).addParameter(TypeName.INT, "a").addParameter(TypeName.INT, "b")
        .addStatement("return CAYLEY[$T.checkIndex(a, ORDER)][$T.checkIndex(b, ORDER)]", Objects.class, Objects.class)
        .build());
    type.addMethod(override("inverse", TypeName.INT).addParameter(TypeName.INT, "a")
        .addStatement("return INVERSE[$T.checkIndex(a, ORDER)]", Objects.class).build());
    type.addMethod(override("filterSizes", INT_ARRAY).addStatement("return FILTER_SIZES.clone()").build());
    type.addMethod(tablesMethod(spec, tables, sizeList));
    type.addMethod(override("toString", ClassName.get(String.class))
        .addStatement("return NAME + \" (order \" + ORDER + \", \" + LATTICE + \" lattice)\"").build());
    type.addMethod(parseMethod());
    type.addMethod(intsMethod());
    for (FilterTableSet t : tables) {
      type.addType(holder(group, t));
    }
    return JavaFile.builder(self.packageName(), type.build()).skipJavaLangImports(true).indent("  ").build();
  }

  private static CodeBlock javadoc(SpecModel spec, StabilizerGroup group, String sizeList) {
    return CodeBlock.builder()
        .add("The group $L: $L stabilizer elements on the $L lattice, filter tables for sizes $L.\n",
            spec.groupName(), group.order(), spec.lattice().value().name().toLowerCase(java.util.Locale.ROOT),
            sizeList)
        .add("\n<p>DO NOT MODIFY. Generated by the gconv4j annotation processor from the {@code @GroupSpec} on\n")
        .add("{@code $L}; edit that spec and recompile.\n", spec.specClassName())
        .build();
  }

  private static FieldSpec constant(TypeName type, String name, CodeBlock value) {
    return FieldSpec.builder(type, name, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL).initializer(value).build();
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name).addAnnotation(Override.class).addModifiers(Modifier.PUBLIC).returns(returns);
  }

  private static MethodSpec getter(String name, TypeName returns, String field) {
    return override(name, returns).addStatement("return $L", field).build();
  }

  private static CodeBlock matrices(StabilizerGroup g) {
    CodeBlock.Builder b = CodeBlock.builder().add("{\n").indent();
    for (int s = 0; s < g.order(); s++) {
      IntMatrix m = g.matrix(s);
      b.add("$L, // $L: $L\n", intLiteral(m.rowMajor()), s, g.name(s));
    }
    return b.unindent().add("}").build();
  }

  private static CodeBlock elementNames(StabilizerGroup g) {
    CodeBlock.Builder b = CodeBlock.builder().add("{");
    for (int s = 0; s < g.order(); s++) {
      b.add(s == 0 ? "$S" : ", $S", g.name(s));
    }
    return b.add("}").build();
  }

  private static CodeBlock cayley(StabilizerGroup g) {
    int[][] table = g.cayley();
    CodeBlock.Builder b = CodeBlock.builder().add("{\n").indent();
    for (int a = 0; a < g.order(); a++) {
      b.add("$L, // a = $L ($L)\n", intLiteral(table[a]), a, g.name(a));
    }
    return b.unindent().add("}").build();
  }

  private static CodeBlock intArray(int[] values) {
    return CodeBlock.of("$L", intLiteral(values));
  }

  private static String intLiteral(int[] values) {
    StringJoiner j = new StringJoiner(", ", "{", "}");
    for (int v : values) {
      j.add(Integer.toString(v));
    }
    return j.toString();
  }

  /** A string literal of a row: rows hold only digits, '-' and spaces, so nothing needs escaping. */
  private static String quoted(String row) {
    return '"' + row + '"';
  }

  private static String row(int[] values) {
    StringJoiner j = new StringJoiner(" ");
    for (int v : values) {
      j.add(Integer.toString(v));
    }
    return j.toString();
  }

  private MethodSpec tablesMethod(SpecModel spec, List<FilterTableSet> tables, String sizeList) {
    MethodSpec.Builder m = override("tables", GeneratedNames.FILTER_TABLES).addParameter(TypeName.INT, "n");
    m.beginControlFlow("switch (n)");
    for (FilterTableSet t : tables) {
      m.addStatement("case $L: return $L.TABLES", t.size(), holderName(t.size()));
    }
    m.addStatement("default: throw new $T($S + n + $S + n + $S)", IllegalArgumentException.class,
        "[GroupTables] " + spec.groupName() + " has tables for filter sizes " + sizeList + ", not ",
        "; add ",
        " to filterSizes of the @GroupSpec on " + spec.specClassName() + " and recompile");
    m.endControlFlow();
    return m.build();
  }

  private static MethodSpec parseMethod() {
    return MethodSpec.methodBuilder("parse")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(GeneratedNames.FILTER_TABLES)
        .addParameter(TypeName.INT, "n")
        .addParameter(TypeName.INT, "cells")
        .addParameter(STRING_ARRAY, "support")
        .addParameter(STRING_ARRAY, "lifting")
        .addParameter(STRING_ARRAY, "group")
        .addStatement("return new $T(n, DIMENSION, ORDER, ints(support, cells), ints(lifting, ORDER * cells), "
            + "ints(group, ORDER * ORDER * cells))", GeneratedNames.FILTER_TABLES)
        .build();
  }

  private static MethodSpec intsMethod() {
    return MethodSpec.methodBuilder("ints")
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(INT_ARRAY)
        .addParameter(STRING_ARRAY, "rows")
        .addParameter(TypeName.INT, "length")
        .addStatement("int[] out = new int[length]")
        .addStatement("int k = 0")
        .beginControlFlow("for (String row : rows)")
        .beginControlFlow("for (String token : row.split($S))", " ")
        .addStatement("out[k++] = Integer.parseInt(token)")
        .endControlFlow()
        .endControlFlow()
        .beginControlFlow("if (k != length)")
        .addStatement("throw new $T($S + length + $S + k)", IllegalStateException.class,
            "[GroupTables] corrupt generated table: expected ", " entries, parsed ")
        .endControlFlow()
        .addStatement("return out")
        .build();
  }

  private static String holderName(int size) {
    return "Tables" + size;
  }

  private static TypeSpec holder(StabilizerGroup g, FilterTableSet t) {
    int cells = t.cells();
    int n = t.size();
    String shape = g.dimension() == 3 ? n + "x" + n + "x" + n : n + "x" + n;
    TypeSpec.Builder h = TypeSpec.classBuilder(holderName(n))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Tables for $L filters, parsed when first used (class initialisation is lazy and thread-safe).\n",
            shape)
        .addField(FieldSpec.builder(GeneratedNames.FILTER_TABLES, "TABLES", Modifier.STATIC, Modifier.FINAL)
            .initializer("parse($L, $L, support(), lifting(), group())", n, cells).build());

    int[] support = t.support();
    CodeBlock.Builder sb = CodeBlock.builder().add("return new String[] {\n").indent();
    for (int start = 0; start < cells; start += n) {
      sb.add("$L,\n", quoted(row(Arrays.copyOfRange(support, start, start + n))));
    }
    h.addMethod(rowsMethod("support", "Support, 1 inside and 0 outside, one filter row per line.", sb));

    CodeBlock.Builder lb = CodeBlock.builder().add("return new String[] {\n").indent();
    for (int sp = 0; sp < g.order(); sp++) {
      lb.add("$L, // s' = $L ($L)\n", quoted(row(t.liftingRow(sp))), sp, g.name(sp));
    }
    h.addMethod(rowsMethod("lifting", "Lifting table, one row per s'.", lb));

    CodeBlock.Builder gb = CodeBlock.builder().add("return new String[] {\n").indent();
    for (int sp = 0; sp < g.order(); sp++) {
      for (int tt = 0; tt < g.order(); tt++) {
        gb.add("$L, // s' = $L ($L), t = $L ($L)\n", quoted(row(t.groupRow(sp, tt))), sp, g.name(sp), tt, g.name(tt));
      }
    }
    h.addMethod(rowsMethod("group", "Group table, one row per (s', t).", gb));
    return h.build();
  }

  private static MethodSpec rowsMethod(String name, String doc, CodeBlock.Builder body) {
    return MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(STRING_ARRAY)
        .addJavadoc(doc + "\n")
        .addCode(body.unindent().add("};\n").build())
        .build();
  }
}
