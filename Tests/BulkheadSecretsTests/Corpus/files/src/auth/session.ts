export const SESSION_COOKIE = "acme_session";
export const PASSWORD_PATTERN = /^(?=.*[A-Z])(?=.*\d).{12,}$/;

export function readToken(req: { headers: Record<string, string | undefined> }) {
  const token = req.headers["authorization"]?.replace(/^Bearer /, "");
  if (!token) throw new Error("no token");
  return token;
}

export const secretsPath = process.env.SECRETS_PATH ?? "/var/run/secrets";
