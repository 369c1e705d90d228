package io.livecart.jobs.ingest;

import io.livecart.core.Errors;
import io.livecart.core.config.LiveCartConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Replaces personal data by a keyed hash (HMAC-SHA256, hex) before it is written anywhere, so users
 * stay joinable across days without their phone numbers being stored. The key comes from {@code
 * livecart.pii.key} ({@code LIVECART_PII_KEY}); without one, a random key is created once in {@code
 * livecart.pii.key-file} (readable by its owner only) and reused.
 */
final class PersonalData {
  /** Mainland mobile numbers, for masking raw lines kept in quarantine. */
  static final String PHONE_PATTERN = "1[3-9][0-9]{9}";

  private final UserDefinedFunction hash;

  PersonalData(LiveCartConfig config, Configuration hadoop) {
    byte[] key = key(config, hadoop);
    this.hash = functions.udf(new Hmac(key), DataTypes.StringType);
  }

  Column hash(Column value) {
    return hash.apply(value);
  }

  private static byte[] key(LiveCartConfig config, Configuration hadoop) {
    if (!config.piiKey().isEmpty()) {
      return config.piiKey().getBytes(StandardCharsets.UTF_8);
    }
    Path file = new Path(config.piiKeyFile());
    try {
      FileSystem fs = file.getFileSystem(hadoop);
      if (!fs.exists(file)) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        try (FSDataOutputStream out = fs.create(file, false)) {
          out.write(HexFormat.of().formatHex(fresh).getBytes(StandardCharsets.US_ASCII));
        }
        fs.setPermission(file, new FsPermission((short) 0600));
      }
      try (var in = fs.open(file)) {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII)
            .strip()
            .getBytes(StandardCharsets.US_ASCII);
      }
    } catch (IOException e) {
      throw Errors.cannotWrite(file.toString(), e);
    }
  }

  private static final class Hmac implements UDF1<String, String> {
    private final byte[] key;
    private transient Mac mac;

    Hmac(byte[] key) {
      this.key = key;
    }

    @Override
    public String call(String value) throws GeneralSecurityException {
      if (value == null) {
        return null;
      }
      if (mac == null) {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      }
      return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
    }
  }
}
