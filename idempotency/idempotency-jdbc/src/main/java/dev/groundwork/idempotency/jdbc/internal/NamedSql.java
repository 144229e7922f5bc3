package dev.groundwork.idempotency.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL with named parameters ({@code :name}), compiled once to JDBC's positional ones. A name may
 * appear many times (the database's "now" does), and is bound at each place.
 */
final class NamedSql {

  private static final Pattern PARAM = Pattern.compile(":([a-zA-Z][a-zA-Z0-9_]*)");

  private final String sql;
  private final List<String> names;

  private NamedSql(String sql, List<String> names) {
    this.sql = sql;
    this.names = names;
  }

  static NamedSql of(String template) {
    List<String> names = new ArrayList<>();
    Matcher m = PARAM.matcher(template);
    StringBuilder sql = new StringBuilder();
    while (m.find()) {
      names.add(m.group(1));
      m.appendReplacement(sql, "?");
    }
    m.appendTail(sql);
    return new NamedSql(sql.toString(), List.copyOf(names));
  }

  PreparedStatement prepare(Connection c, Map<String, Object> values) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        if (!values.containsKey(name)) {
          throw new IllegalArgumentException("no value for :" + name);
        }
        Object value = values.get(name);
        if (value == NULL_LONG) {
          ps.setNull(i + 1, Types.BIGINT);
        } else {
          ps.setObject(i + 1, value);
        }
      }
      return ps;
    } catch (SQLException | RuntimeException e) {
      ps.close();
      throw e;
    }
  }

  /** Stands for a null BIGINT parameter (maps hold no nulls). */
  static final Object NULL_LONG = new Object();

  @Override
  public String toString() {
    return sql;
  }
}
