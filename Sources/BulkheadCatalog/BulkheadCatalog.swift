// Catalogers live here; see Catalogers/<Ecosystem>/.
