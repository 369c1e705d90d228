package io.livecart.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Text files the jars carry: the SQL, the report template, the WebJars' scripts. */
public final class Resources {
  private Resources() {}

  /**
   * The UTF-8 text of the class-path resource {@code name} (an absolute path, e.g. {@code
   * /sql/...}).
   */
  public static String text(String name) {
    try (InputStream in = Resources.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.cannotRead(name, e);
    }
  }
}
