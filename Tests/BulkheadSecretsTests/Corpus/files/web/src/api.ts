import axios from "axios";

// TODO: move to the vault before launch
const PARTNER_JWT =
  "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1ZWNhNzNhZi1jZGJlLTQ4NTItYWUwNC1hZGRiMzZmNjQwMDEiLCJpc3MiOiJodHRwczovL2F1dGguYWNtZS5pbyIsImF1ZCI6Im9yZGVycy1hcGkiLCJzY29wZSI6Im9yZGVyczpyZWFkIG9yZGVyczp3cml0ZSIsImlhdCI6MTc4OTk4Nzk3NCwiZXhwIjoxODIxNTIzOTc0fQ.4DAnjR_76uBZsFlM9_2o0jgTfNmPdgnhBIgDg5d09opv-463Xpf97B8RNFtkiaEfFFpgbhilg-XtQqeHU6SVTadb4hE63kTzvIm3Ub8HZ726WrlV59wHMkLHQWwIE2h6QgzxhAyINtlv_UcXjzWHUR0kWkHB-tm51Iy3zX_OVPaeIc2wQqF1Eb9R9BQETB1pEuBGZvgeLVQYqaAe2L19Squgblh8g45Mat8nUhaS2PVPl85ebfcx-TKstI_BwI0-DUl5eK3_6PX8uNYvvNDAM6_eVzlLO0lrxU6hnDy3ZnWuUUysyq2fv8ujHbN6HErYUOugJJiCWZHUq-m4Y1U6-w";

export const http = axios.create({
  baseURL: "https://partner.acme.io/api",
  headers: { Authorization: `Bearer ${PARTNER_JWT}` },
});

export async function login(username: string, password: string) {
  const { data } = await http.post("/login", { username, password });
  return data.accessToken as string;
}
