package io.contactd.segments;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into words, strings, numbers and symbols, for either language. Anything else is
 * refused here, by name: comments, typographic quotes, a {@code ;} (a second statement), an
 * unterminated string.
 *
 * <ul>
 *   <li>{@link Flavour#SEGMENTS_2} (segments 2.0 SQL): strings take single quotes and escape a
 *       quote by doubling it; a backslash is an ordinary character (it only means something inside
 *       a LIKE pattern); double quotes and backticks are refused.
 *   <li>{@link Flavour#SGQL_1} (contact search): strings take single or double quotes, and a
 *       backslash makes the next character literal; a name in backticks is a {@link Kind#NAME}.
 * </ul>
 */
final class QueryLexer {
  enum Flavour {
    SEGMENTS_2,
    SGQL_1
  }

  enum Kind {
    WORD,
    /** A name in backticks (SGQL v1): never a keyword. */
    NAME,
    STRING,
    NUMBER,
    SYMBOL,
    END
  }

  record Token(Kind kind, String text, int position) {
    boolean isWord(String word) {
      return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
      return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String describe() {
      return switch (kind) {
        case END -> "the end of the query";
        default -> "'" + text + "' at character " + (position + 1);
      };
    }
  }

  private QueryLexer() {}

  static List<Token> tokens(String query) {
    return tokens(query, Flavour.SEGMENTS_2);
  }

  static List<Token> tokens(String query, Flavour flavour) {
    boolean v1 = flavour == Flavour.SGQL_1;
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = query.length();
    while (i < n) {
      char ch = query.charAt(i);
      int start = i;
      if (Character.isWhitespace(ch)) {
        i++;
      } else if (isWordStart(ch)) {
        while (i < n && isWordPart(query.charAt(i))) {
          i++;
        }
        out.add(new Token(Kind.WORD, query.substring(start, i), start));
      } else if (isDigit(ch) || (ch == '.' && i + 1 < n && isDigit(query.charAt(i + 1)))) {
        while (i < n && (isDigit(query.charAt(i)) || query.charAt(i) == '.')) {
          i++;
        }
        if (i < n && isWordPart(query.charAt(i))) {
          throw new InvalidQuery("malformed number at character " + (start + 1));
        }
        out.add(new Token(Kind.NUMBER, query.substring(start, i), start));
      } else if (v1 && (ch == '\'' || ch == '"')) {
        i = backslashString(query, i, out);
      } else if (v1 && ch == '`') {
        int close = query.indexOf('`', i + 1);
        if (close < 0 || close == i + 1) {
          throw new InvalidQuery("unterminated or empty `name` at character " + (start + 1));
        }
        out.add(new Token(Kind.NAME, query.substring(i + 1, close), start));
        i = close + 1;
      } else if (ch == '\'') {
        StringBuilder text = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw new InvalidQuery(
                "unterminated string starting at character "
                    + (start + 1)
                    + " (a quote inside a string is written twice: 'O''Brien')");
          }
          char c = query.charAt(i);
          if (c == '\'') {
            if (i + 1 < n && query.charAt(i + 1) == '\'') {
              text.append('\'');
              i += 2;
              continue;
            }
            i++;
            break;
          }
          text.append(c);
          i++;
        }
        out.add(new Token(Kind.STRING, text.toString(), start));
      } else if (query.startsWith("--", i) || query.startsWith("/*", i)) {
        throw new InvalidQuery("comments are not allowed (character " + (start + 1) + ")");
      } else if (ch == ';') {
        throw new InvalidQuery(
            "a query is one statement; ';' is not allowed (character " + (start + 1) + ")");
      } else if (ch == '"' || ch == '`') {
        throw new InvalidQuery(
            "quoted names are not supported; strings take single quotes (character "
                + (start + 1)
                + ")");
      } else {
        String symbol = symbolAt(query, i);
        if (symbol == null) {
          throw new InvalidQuery(
              "unexpected character '"
                  + new String(Character.toChars(query.codePointAt(i)))
                  + "' at character "
                  + (start + 1));
        }
        out.add(new Token(Kind.SYMBOL, symbol, start));
        i += symbol.length();
      }
    }
    out.add(new Token(Kind.END, "", n));
    return out;
  }

  /** A string in SGQL v1: either quote, a backslash escaping the next character; the next index. */
  private static int backslashString(String query, int start, List<Token> out) {
    char quote = query.charAt(start);
    StringBuilder text = new StringBuilder();
    int i = start + 1;
    int n = query.length();
    while (true) {
      if (i >= n) {
        throw new InvalidQuery(
            "unterminated string starting at character "
                + (start + 1)
                + " (a quote inside a string is written \\"
                + quote
                + ")");
      }
      char c = query.charAt(i);
      if (c == '\\' && i + 1 < n) {
        text.append(query.charAt(i + 1));
        i += 2;
      } else if (c == quote) {
        out.add(new Token(Kind.STRING, text.toString(), start));
        return i + 1;
      } else {
        text.append(c);
        i++;
      }
    }
  }

  private static final List<String> SYMBOLS =
      List.of("<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", "[", "]", ",", ".", "-", "*");

  private static String symbolAt(String query, int i) {
    for (String s : SYMBOLS) {
      if (query.startsWith(s, i)) {
        return s;
      }
    }
    return null;
  }

  private static boolean isWordStart(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || ch == '_';
  }

  private static boolean isWordPart(char ch) {
    return isWordStart(ch) || isDigit(ch);
  }

  private static boolean isDigit(char ch) {
    return ch >= '0' && ch <= '9';
  }
}
