package io.contactd.segments;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a segment query into words, single-quoted strings, numbers and symbols. Anything else is
 * refused here, by name: comments, double or typographic quotes, a {@code ;} (a second statement),
 * an unterminated string. Strings escape a quote by doubling it; a backslash is an ordinary
 * character (it only means something inside a LIKE pattern).
 */
final class QueryLexer {
  enum Kind {
    WORD,
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
