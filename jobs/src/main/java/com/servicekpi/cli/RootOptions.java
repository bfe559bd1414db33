package com.servicekpi.cli;

import com.servicekpi.config.Settings;
import java.io.File;
import picocli.CommandLine.Option;

/** --input, --output and --conf of the commands that read an input root and write an output root. */
final class RootOptions {
  @Option(names = "--input", description = "input root (default: input.path)")
  String input;

  @Option(names = "--output", description = "output root (default: output.path)")
  String output;

  @Option(names = "--conf", description = "a HOCON file whose keys override reference.conf")
  File conf;

  /** reference.conf, then the --conf file and system properties, then --input and --output. */
  Settings settings() {
    Settings s = Settings.load(conf);
    if (input != null) {
      s = s.withInput(input);
    }
    if (output != null) {
      s = s.withOutput(output);
    }
    return s;
  }
}
