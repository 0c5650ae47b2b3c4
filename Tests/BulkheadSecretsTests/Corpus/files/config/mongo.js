const mongoose = require('mongoose');

const uri = "mongodb+srv://catalog_admin:8qIQ8~_p2MAL_~4ro3@catalog.x7k2p.mongodb.net/catalog?authSource=admin";
const fallback = process.env.MONGO_URL;

async function connect() {
  await mongoose.connect(fallback || uri, { maxPoolSize: 10 });
}

module.exports = { connect };
