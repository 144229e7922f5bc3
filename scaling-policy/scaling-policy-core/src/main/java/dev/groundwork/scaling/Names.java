package dev.groundwork.scaling;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Checks policy and metric names. */
final class Names {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

  private Names() {}

  static String require(@Nullable String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new ScalingPolicyException(
          "names must be 1 to 128 characters of letters, digits and . _ : / -, starting with a"
              + " letter or digit; got '"
              + name
              + "'");
    }
    return name;
  }
}
