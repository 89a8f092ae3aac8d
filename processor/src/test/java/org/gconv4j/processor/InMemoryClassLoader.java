package org.gconv4j.processor;

import com.google.testing.compile.Compilation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the classes and resources (the service file) a compile-testing compilation wrote, with the
 * test's class path as parent.
 */
final class InMemoryClassLoader extends ClassLoader {
  private final Map<String, byte[]> classes = new HashMap<>();
  private final Map<String, byte[]> resources = new HashMap<>();

  InMemoryClassLoader(Compilation compilation) {
    super(InMemoryClassLoader.class.getClassLoader());
    for (JavaFileObject f : compilation.generatedFiles()) {
      String path = f.toUri().getPath();
      int start = path.indexOf("CLASS_OUTPUT/");
      if (start < 0) {
        continue;
      }
      String relative = path.substring(start + "CLASS_OUTPUT/".length());
      try (InputStream in = f.openInputStream()) {
        byte[] bytes = in.readAllBytes();
        if (f.getKind() == JavaFileObject.Kind.CLASS) {
          classes.put(relative.substring(0, relative.length() - ".class".length()).replace('/', '.'), bytes);
        } else {
          resources.put(relative, bytes);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  protected URL findResource(String name) {
    byte[] bytes = resources.get(name);
    if (bytes == null) {
      return null;
    }
    try {
      return new URL(null, "memory:/" + name, new URLStreamHandler() {
        @Override
        protected URLConnection openConnection(URL u) {
          return new URLConnection(u) {
            @Override
            public void connect() {}

            @Override
            public InputStream getInputStream() {
              return new ByteArrayInputStream(bytes);
            }
          };
        }
      });
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected Enumeration<URL> findResources(String name) {
    URL url = findResource(name);
    return url == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(url));
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    byte[] bytes = classes.get(name);
    if (bytes == null) {
      throw new ClassNotFoundException(name);
    }
    return defineClass(name, bytes, 0, bytes.length);
  }
}
