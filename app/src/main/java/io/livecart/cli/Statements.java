package io.livecart.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text cut into statements at the semicolons that end them: not those inside a quoted string or
 * name ({@code '...'}, {@code "..."}, {@code `...`}, with Spark's backslash escapes) or a comment
 * ({@code -- ...} to the end of the line, {@code /* ... *}{@code /}). A piece with nothing but
 * comments and blanks is no statement.
 */
final class Statements {
  /**
   * The statements that a semicolon ended, and the text after the last of them: empty when the text
   * ends a statement (or holds nothing but comments after it).
   */
  record Cut(List<String> statements, String rest) {}

  private Statements() {}

  static Cut cut(String text) {
    List<String> statements = new ArrayList<>();
    int start = 0;
    boolean code = false;
    char quote = 0;
    boolean lineComment = false;
    boolean blockComment = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
      if (lineComment) {
        lineComment = c != '\n';
      } else if (blockComment) {
        if (c == '*' && next == '/') {
          blockComment = false;
          i++;
        }
      } else if (quote != 0) {
        if (c == '\\' && quote != '`') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '-' && next == '-') {
        lineComment = true;
        i++;
      } else if (c == '/' && next == '*') {
        blockComment = true;
        i++;
      } else if (c == ';') {
        if (code) {
          statements.add(text.substring(start, i).strip());
        }
        start = i + 1;
        code = false;
      } else if (!Character.isWhitespace(c)) {
        code = true;
        if (c == '\'' || c == '"' || c == '`') {
          quote = c;
        }
      }
    }
    return new Cut(statements, code ? text.substring(start).strip() : "");
  }

  /** Every statement of {@code text}, the last one with or without its semicolon. */
  static List<String> split(String text) {
    Cut cut = cut(text);
    List<String> all = new ArrayList<>(cut.statements());
    if (!cut.rest().isEmpty()) {
      all.add(cut.rest());
    }
    return all;
  }
}
