package io.livecart.cli;

import io.livecart.core.Errors;
import io.livecart.core.warehouse.ColumnReference;
import io.livecart.core.warehouse.TableDocs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "docs",
    mixinStandardHelpOptions = true,
    description =
        "Writes the column reference (every table, its columns and types, and what each means)"
            + " from sql/tables.conf as Markdown. Starts no Spark.")
final class DocsCommand implements Callable<Integer> {
  @ParentCommand LiveCartCommand parent;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      defaultValue = "docs/tables.md",
      description = "Where to write it (default: ${DEFAULT-VALUE}, from the repository's root).")
  Path out;

  @Override
  public Integer call() {
    Main.configureLogging(parent.verbose);
    try {
      Files.writeString(out, ColumnReference.markdown(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Errors.cannotWrite(out.toString(), e);
    }
    parent.out().printf("column reference: %s (%d tables)%n", out, TableDocs.tables().size());
    return 0;
  }
}
