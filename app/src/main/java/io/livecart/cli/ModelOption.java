package io.livecart.cli;

import io.livecart.models.Model;
import java.util.Arrays;
import java.util.Iterator;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --model} of {@code train} and {@code score}: a model by its label (repurchase, ...). */
final class ModelOption {
  private ModelOption() {}

  static final class Converter implements ITypeConverter<Model> {
    @Override
    public Model convert(String value) {
      return Model.of(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "expected one of "
                          + Arrays.stream(Model.values())
                              .map(Model::label)
                              .collect(Collectors.joining(", "))
                          + " but was '"
                          + value
                          + "'"));
    }
  }

  /** Every model's label: what {@code score} runs. */
  static final class Scored implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Model.values()).map(Model::label).iterator();
    }
  }

  /** The labels of the models that are trained: what {@code train} runs. */
  static final class Trained implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Model.values()).filter(Model::trained).map(Model::label).iterator();
    }
  }
}
