package io.contactd.contacts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.contactd.http.ApiException;
import io.contactd.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The body of PUT /v3/marketing/contacts, read with Jackson's streaming parser one contact at a
 * time, so a 30,000-contact body never becomes one large tree. The HTTP handler reads it strictly
 * (the first bad contact refuses the request); the job reads the stored copy leniently (bad rows
 * are counted, the rest applied), since custom fields may have changed in between.
 */
record UpsertRequest(
    List<String> listIds, List<ContactInput> contacts, int requested, int errored) {
  static final int MAX_CONTACTS = 30_000;

  static UpsertRequest read(InputStream in, ContactRules rules, boolean strict) {
    try (JsonParser p = Json.MAPPER.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ApiException.badRequest("", "invalid JSON: the body must be a JSON object");
      }
      List<String> listIds = List.of();
      List<ContactInput> contacts = null;
      int requested = 0;
      int errored = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        if (name.equals("list_ids")) {
          listIds = listIds(p, value);
        } else if (name.equals("contacts")) {
          if (value != JsonToken.START_ARRAY) {
            throw ApiException.badRequest(
                "contacts", "contacts must be an array of contact objects");
          }
          contacts = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            if (requested == MAX_CONTACTS) {
              throw ApiException.badRequest(
                  "contacts",
                  "at most " + MAX_CONTACTS + " contacts may be upserted in one request");
            }
            JsonNode node = p.readValueAsTree();
            ContactRules.Checked c = rules.fromJson(node, "contacts[" + requested + "]");
            requested++;
            switch (c) {
              case ContactRules.Valid v -> contacts.add(v.contact());
              case ContactRules.Invalid i -> {
                if (strict) {
                  throw ApiException.badRequest(i.field(), i.message());
                }
                errored++;
              }
            }
          }
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw ApiException.badRequest("", "invalid JSON: content after the body's object");
      }
      if (contacts == null) {
        throw ApiException.badRequest("contacts", "missing required argument");
      }
      if (requested == 0) {
        throw ApiException.badRequest("contacts", "at least one contact is required");
      }
      return new UpsertRequest(listIds, contacts, requested, errored);
    } catch (IOException e) {
      throw ApiException.badRequest("", "invalid JSON");
    }
  }

  private static List<String> listIds(JsonParser p, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_NULL) {
      return List.of();
    }
    if (value != JsonToken.START_ARRAY) {
      throw ApiException.badRequest("list_ids", "list_ids must be an array of strings");
    }
    Set<String> ids = new LinkedHashSet<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw ApiException.badRequest("list_ids", "list_ids must be an array of strings");
      }
      ids.add(p.getText());
    }
    return new ArrayList<>(ids);
  }
}
