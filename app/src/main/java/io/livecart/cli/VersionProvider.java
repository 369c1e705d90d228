package io.livecart.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by --version: the jar's, Spark's and Delta's. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String ours = Main.class.getPackage().getImplementationVersion();
    return new String[] {
      "livecart " + (ours == null ? "(development build)" : ours),
      "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(),
      "Delta Lake " + io.delta.package$.MODULE$.VERSION()
    };
  }
}
