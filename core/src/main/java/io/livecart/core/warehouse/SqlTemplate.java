package io.livecart.core.warehouse;

import io.livecart.core.Errors;
import io.livecart.core.Resources;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQL files of the repo's {@code sql/} folder (carried in the jars under {@code /sql/}), with
 * their {@code {{name}}} placeholders filled in by literals: day lists and the configured
 * parameters. Literals, rather than Spark's parameter markers, because those are not bound inside
 * subqueries, and because literal day lists let Delta prune partitions.
 */
public final class SqlTemplate {
  /** A placeholder outside a {@code --} comment. */
  private static final Pattern PLACEHOLDER =
      Pattern.compile("(?m)^(?:(?!--).)*?(\\{\\{[a-z_0-9]+}})");

  private SqlTemplate() {}

  /**
   * {@code sql/<folder>/<name>.sql} with its placeholders filled in; a placeholder with no value
   * outside a comment is an error naming it.
   */
  public static String render(String folder, String name, Map<String, String> values) {
    String sql = query(folder, name);
    for (Map.Entry<String, String> value : values.entrySet()) {
      sql = sql.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    Matcher unknown = PLACEHOLDER.matcher(sql);
    if (unknown.find()) {
      throw Errors.badConfig(
          "sql/"
              + folder
              + "/"
              + name
              + ".sql uses "
              + unknown.group(1)
              + ", which is neither a day list"
              + " nor a key of livecart."
              + folder
              + ".parameters",
          null);
    }
    return sql;
  }

  /** The text of {@code sql/<folder>/<name>.sql}. */
  private static String query(String folder, String name) {
    return Resources.text("/sql/" + folder + "/" + name + ".sql");
  }
}
