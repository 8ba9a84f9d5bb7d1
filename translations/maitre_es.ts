<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES" sourcelanguage="en">
<context>
    <name>Actor</name>
    <message>
        <source>Kitchen display</source>
        <translation>Pantalla de cocina</translation>
    </message>
    <message>
        <source>Nobody signed in</source>
        <translation>Nadie ha iniciado sesión</translation>
    </message>
    <message>
        <source>%1 may not %2.</source>
        <translation>%1 no puede %2.</translation>
    </message>
</context>
<context>
    <name>AgUiEvents</name>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation>El cuerpo de la petición no es un objeto JSON.</translation>
    </message>
    <message>
        <source>threadId must be 8 to 128 letters, digits or . _ : -.</source>
        <translation>threadId debe tener de 8 a 128 letras, dígitos o . _ : -.</translation>
    </message>
    <message>
        <source>runId must be a text of 1 to 128 characters.</source>
        <translation>runId debe ser un texto de 1 a 128 caracteres.</translation>
    </message>
    <message>
        <source>messages must be a list.</source>
        <translation>messages debe ser una lista.</translation>
    </message>
    <message>
        <source>%1 must be a message with a role.</source>
        <translation>%1 debe ser un mensaje con un rol.</translation>
    </message>
    <message>
        <source>%1 must be a text.</source>
        <translation>%1 debe ser un texto.</translation>
    </message>
    <message>
        <source>A message to the assistant can have at most %1 characters.</source>
        <translation>Un mensaje al asistente puede tener como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>messages must include the diner&apos;s message (role &quot;user&quot;).</source>
        <translation>messages debe incluir el mensaje del comensal (rol &quot;user&quot;).</translation>
    </message>
    <message>
        <source>state.cart must be a list.</source>
        <translation>state.cart debe ser una lista.</translation>
    </message>
</context>
<context>
    <name>AnalyticsAccess</name>
    <message>
        <source>The password needs at least 12 characters.</source>
        <translation>La contraseña necesita al menos 12 caracteres.</translation>
    </message>
    <message>
        <source>Maitre&apos;s database user may not change the maitre_analytics role here; ask the database&apos;s administrator to set its password.</source>
        <translation>El usuario de base de datos de Maitre no puede cambiar el rol maitre_analytics aquí; pida al administrador de la base de datos que le ponga la contraseña.</translation>
    </message>
</context>
<context>
    <name>AnalyticsAccessPage</name>
    <message>
        <source>BI tools</source>
        <translation>Herramientas de BI</translation>
    </message>
    <message>
        <source>Power BI, Metabase, Grafana or Excel can read the analytics views through a read-only database role. It sees sales, dishes, the queue and ratings, and never staff, secrets or diners&apos; names and phone numbers.</source>
        <translation>Power BI, Metabase, Grafana o Excel pueden leer las vistas de análisis con un rol de base de datos de solo lectura. Ve ventas, platos, la cola y valoraciones, y nunca el personal, los secretos ni los nombres y teléfonos de los clientes.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>New password…</source>
        <translation>Nueva contraseña…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>Copiado.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Puerto</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>Base de datos</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Schema</source>
        <translation>Esquema</translation>
    </message>
    <message>
        <source>Connection URL</source>
        <translation>URL de conexión</translation>
    </message>
    <message>
        <source>Accept BI tools from the network (port %1, password required)</source>
        <translation>Aceptar herramientas de BI desde la red (puerto %1, con contraseña)</translation>
    </message>
    <message>
        <source>This database is not Maitre&apos;s own: whether BI tools can reach it over the network is up to its administrator.</source>
        <translation>Esta base de datos no es la propia de Maitre: que las herramientas de BI lleguen a ella por la red depende de su administrador.</translation>
    </message>
    <message>
        <source>Live events for a BI tool or another system: %1 with an API token that has the events scope (see API tokens).</source>
        <translation>Eventos en directo para una herramienta de BI u otro sistema: %1 con un token de API con el ámbito events (vea Tokens de API).</translation>
    </message>
    <message>
        <source>The database accepts BI tools from the network now.</source>
        <translation>La base de datos acepta ahora herramientas de BI desde la red.</translation>
    </message>
    <message>
        <source>The database accepts connections from this PC only.</source>
        <translation>La base de datos solo acepta conexiones desde este PC.</translation>
    </message>
    <message>
        <source>The database will accept BI tools from the network when Maitre next starts.</source>
        <translation>La base de datos aceptará herramientas de BI desde la red la próxima vez que se inicie Maitre.</translation>
    </message>
    <message>
        <source>The database will stop accepting network connections when Maitre next starts.</source>
        <translation>La base de datos dejará de aceptar conexiones de red la próxima vez que se inicie Maitre.</translation>
    </message>
    <message>
        <source>Network access was asked for but could not start: %1</source>
        <translation>Se pidió el acceso por red, pero no se pudo activar: %1</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>sin definir</translation>
    </message>
    <message>
        <source>The database could not be asked about the role: %1</source>
        <translation>No se ha podido consultar el rol en la base de datos: %1</translation>
    </message>
    <message>
        <source>The read-only role maitre_analytics does not exist in this database, and Maitre&apos;s user may not create it. Ask the database&apos;s administrator to create it; Maitre grants it the analytics views at its next start.</source>
        <translation>El rol de solo lectura maitre_analytics no existe en esta base de datos y el usuario de Maitre no puede crearlo. Pida al administrador de la base de datos que lo cree; Maitre le dará acceso a las vistas de análisis en su próximo inicio.</translation>
    </message>
    <message>
        <source>The read-only role maitre_analytics is ready: it can read the analytics schema and nothing else.</source>
        <translation>El rol de solo lectura maitre_analytics está listo: puede leer el esquema de análisis y nada más.</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nueva contraseña</translation>
    </message>
    <message>
        <source>Give maitre_analytics a new password? BI tools using the old one must be given the new one.</source>
        <translation>¿Dar a maitre_analytics una contraseña nueva? Las herramientas de BI que usen la antigua necesitarán la nueva.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>The role has a new password.</source>
        <translation>El rol tiene una contraseña nueva.</translation>
    </message>
    <message>
        <source>The role has a new password, but the keychain could not keep it (%1): note it down now.</source>
        <translation>El rol tiene una contraseña nueva, pero el llavero no la ha podido guardar (%1): anótela ahora.</translation>
    </message>
</context>
<context>
    <name>AnalyticsView</name>
    <message>
        <source>Dine-in</source>
        <translation>En sala</translation>
    </message>
    <message>
        <source>Takeout</source>
        <translation>Para llevar</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>A domicilio</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Visit</source>
        <translation>Visita</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>Ayer</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Este mes</translation>
    </message>
    <message>
        <source>Last month</source>
        <translation>Mes pasado</translation>
    </message>
    <message>
        <source>This year</source>
        <translation>Este año</translation>
    </message>
    <message>
        <source>Last 12 months</source>
        <translation>Últimos 12 meses</translation>
    </message>
    <message>
        <source>Custom dates</source>
        <translation>Otras fechas</translation>
    </message>
    <message>
        <source>Revenue (net)</source>
        <translation>Ventas (netas)</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Covers</source>
        <translation>Comensales</translation>
    </message>
    <message>
        <source>Average order</source>
        <translation>Pedido medio</translation>
    </message>
    <message>
        <source>Average wait</source>
        <translation>Espera media</translation>
    </message>
    <message>
        <source>Quote error</source>
        <translation>Error de la estimación</translation>
    </message>
    <message>
        <source>No-show rate</source>
        <translation>Tasa de ausencias</translation>
    </message>
    <message>
        <source>Rating</source>
        <translation>Valoración</translation>
    </message>
    <message>
        <source>This period</source>
        <translation>Este periodo</translation>
    </message>
    <message>
        <source>Period before</source>
        <translation>Periodo anterior</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>Ventas</translation>
    </message>
    <message>
        <source>Sales by hour of the week</source>
        <translation>Ventas por hora de la semana</translation>
    </message>
    <message>
        <source>Best sellers</source>
        <translation>Lo más vendido</translation>
    </message>
    <message>
        <source>Slowest sellers</source>
        <translation>Lo menos vendido</translation>
    </message>
    <message>
        <source>1–2 people</source>
        <translation>1–2 personas</translation>
    </message>
    <message>
        <source>3–4 people</source>
        <translation>3–4 personas</translation>
    </message>
    <message>
        <source>5–6 people</source>
        <translation>5–6 personas</translation>
    </message>
    <message>
        <source>7 or more</source>
        <translation>7 o más</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>Quoted and actual waits</source>
        <translation>Esperas estimadas y reales</translation>
    </message>
    <message>
        <source>Channel mix</source>
        <translation>Canales de venta</translation>
    </message>
    <message>
        <source>Average rating</source>
        <translation>Valoración media</translation>
    </message>
    <message>
        <source>stars</source>
        <translation>estrellas</translation>
    </message>
    <message>
        <source>Ratings</source>
        <translation>Valoraciones</translation>
    </message>
    <message>
        <source>What diners said</source>
        <translation>Lo que dicen los clientes</translation>
    </message>
    <message>
        <source>net sales</source>
        <translation>ventas netas</translation>
    </message>
    <message>
        <source>net sales, %1</source>
        <translation>ventas netas, %1</translation>
    </message>
    <message>
        <source>The first day must come before the last.</source>
        <translation>El primer día debe ser anterior al último.</translation>
    </message>
    <message>
        <source>compared with %1 – %2</source>
        <translation>comparado con %1 – %2</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Could not load: %1</source>
        <translation>No se ha podido cargar: %1</translation>
    </message>
    <message>
        <source>Some figures could not be loaded: %1</source>
        <translation>Algunas cifras no se han podido cargar: %1</translation>
    </message>
    <message>
        <source>Updated %1 · following new orders live</source>
        <translation>Actualizado a las %1 · se actualiza con cada pedido</translation>
    </message>
    <message>
        <source>Updated %1</source>
        <translation>Actualizado a las %1</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>± %1 min</source>
        <translation>± %1 min</translation>
    </message>
    <message>
        <source>%1 ★</source>
        <translation>%1 ★</translation>
    </message>
    <message>
        <source>Net sales per week, %1 in all</source>
        <translation>Ventas netas por semana, %1 en total</translation>
    </message>
    <message>
        <source>Net sales per day, %1 in all</source>
        <translation>Ventas netas por día, %1 en total</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Net sales</source>
        <translation>Ventas netas</translation>
    </message>
    <message>
        <source>Start before</source>
        <translation>Inicio anterior</translation>
    </message>
    <message>
        <source>Net sales before</source>
        <translation>Ventas netas anteriores</translation>
    </message>
    <message>
        <source>Orders before</source>
        <translation>Pedidos anteriores</translation>
    </message>
    <message>
        <source>No sales in this period yet.</source>
        <translation>Todavía no hay ventas en este periodo.</translation>
    </message>
    <message>
        <source>Weekday</source>
        <translation>Día de la semana</translation>
    </message>
    <message>
        <source>Hour</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Weeks</source>
        <translation>Semanas</translation>
    </message>
    <message>
        <source>When the money comes in, averaged over the period&apos;s weeks</source>
        <translation>Cuándo entra el dinero, de media en las semanas del periodo</translation>
    </message>
    <message>
        <source>%1: %2 sold, %3 (%4 of revenue); before: %5 sold</source>
        <translation>%1: %2 vendidos, %3 (%4 de las ventas); antes: %5 vendidos</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Dish</source>
        <translation>Plato</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>Vendidos</translation>
    </message>
    <message>
        <source>Share %</source>
        <translation>Cuota %</translation>
    </message>
    <message>
        <source>Sold before</source>
        <translation>Vendidos antes</translation>
    </message>
    <message>
        <source>On the menu</source>
        <translation>En la carta</translation>
    </message>
    <message>
        <source>By net sales; hover a bar for the counts</source>
        <translation>Por ventas netas; pase el ratón por una barra para ver las cantidades</translation>
    </message>
    <message>
        <source>Candidates to rethink or drop</source>
        <translation>Candidatos a replantear o retirar</translation>
    </message>
    <message>
        <source>No dishes sold in this period yet.</source>
        <translation>Todavía no se ha vendido ningún plato en este periodo.</translation>
    </message>
    <message>
        <source>Quoted</source>
        <translation>Estimada</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>Real</translation>
    </message>
    <message>
        <source>%1 or more</source>
        <translation>%1 o más</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1–%2</translation>
    </message>
    <message>
        <source>Party size</source>
        <translation>Tamaño del grupo</translation>
    </message>
    <message>
        <source>Parties</source>
        <translation>Grupos</translation>
    </message>
    <message>
        <source>Seated</source>
        <translation>Sentados</translation>
    </message>
    <message>
        <source>Average quote (min)</source>
        <translation>Estimación media (min)</translation>
    </message>
    <message>
        <source>Average wait (min)</source>
        <translation>Espera media (min)</translation>
    </message>
    <message>
        <source>Quote error (min)</source>
        <translation>Error de la estimación (min)</translation>
    </message>
    <message>
        <source>Within range %</source>
        <translation>Dentro del margen %</translation>
    </message>
    <message>
        <source>No-shows</source>
        <translation>Ausencias</translation>
    </message>
    <message>
        <source>Walk-aways</source>
        <translation>Abandonos</translation>
    </message>
    <message>
        <source>%1 parties; quotes were off by %2 min on average</source>
        <translation>%1 grupos; las estimaciones fallaron por %2 min de media</translation>
    </message>
    <message>
        <source>Nobody joined the queue in this period.</source>
        <translation>Nadie se apuntó a la cola en este periodo.</translation>
    </message>
    <message>
        <source>%1 %2 %</source>
        <translation>%1 %2 %</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Share of net sales</source>
        <translation>Cuota de las ventas netas</translation>
    </message>
    <message>
        <source>Average</source>
        <translation>Media</translation>
    </message>
    <message>
        <source>1 ★</source>
        <translation>1 ★</translation>
    </message>
    <message>
        <source>2 ★</source>
        <translation>2 ★</translation>
    </message>
    <message>
        <source>3 ★</source>
        <translation>3 ★</translation>
    </message>
    <message>
        <source>4 ★</source>
        <translation>4 ★</translation>
    </message>
    <message>
        <source>5 ★</source>
        <translation>5 ★</translation>
    </message>
    <message>
        <source>%1 ★ on average from %2 ratings</source>
        <translation>%1 ★ de media en %2 valoraciones</translation>
    </message>
    <message>
        <source>No ratings in this period yet.</source>
        <translation>Todavía no hay valoraciones en este periodo.</translation>
    </message>
    <message>
        <source>%1   %2 · %3
%4</source>
        <translation>%1   %2 · %3
%4</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Sobre</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Comentario</translation>
    </message>
    <message>
        <source>The latest comments of the period</source>
        <translation>Los últimos comentarios del periodo</translation>
    </message>
    <message>
        <source>No comments in this period yet.</source>
        <translation>Todavía no hay comentarios en este periodo.</translation>
    </message>
</context>
<context>
    <name>ApiTokenService</name>
    <message>
        <source>A token called &quot;%1&quot; already exists. Revoke it first or choose another name.</source>
        <translation>Ya existe un token llamado &quot;%1&quot;. Revóquelo primero o elija otro nombre.</translation>
    </message>
    <message>
        <source>Give the token a name.</source>
        <translation>Asigne un nombre al token.</translation>
    </message>
    <message>
        <source>The name is too long (at most %1 characters).</source>
        <translation>El nombre es demasiado largo (como máximo %1 caracteres).</translation>
    </message>
    <message>
        <source>The name contains characters that cannot be shown.</source>
        <translation>El nombre contiene caracteres que no se pueden mostrar.</translation>
    </message>
    <message>
        <source>Choose at least one scope: %1.</source>
        <translation>Elija al menos un ámbito: %1.</translation>
    </message>
    <message>
        <source>Unknown scope &quot;%1&quot;; the scopes are %2.</source>
        <translation>Ámbito desconocido &quot;%1&quot;; los ámbitos son %2.</translation>
    </message>
    <message>
        <source>There is no working token called &quot;%1&quot;.</source>
        <translation>No hay ningún token activo llamado &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Unknown or revoked API token.</source>
        <translation>Token de API desconocido o revocado.</translation>
    </message>
</context>
<context>
    <name>ApiTokensPage</name>
    <message>
        <source>Never</source>
        <translation>Nunca</translation>
    </message>
    <message>
        <source>events — read the live event stream (SSE)</source>
        <translation>events — leer el flujo de eventos en tiempo real (SSE)</translation>
    </message>
    <message>
        <source>staff — use staff-only endpoints</source>
        <translation>staff — usar los endpoints exclusivos del personal</translation>
    </message>
    <message>
        <source>API tokens</source>
        <translation>Tokens de API</translation>
    </message>
    <message>
        <source>Tokens let integrations such as a BI tool read the event stream. Maitre keeps only a hash: a token is shown once, when it is created.</source>
        <translation>Los tokens permiten que integraciones como una herramienta de BI lean el flujo de eventos. Maitre solo guarda un hash: cada token se muestra una sola vez, al crearlo.</translation>
    </message>
    <message>
        <source>+ Create token…</source>
        <translation>+ Crear token…</translation>
    </message>
    <message>
        <source>Revoke…</source>
        <translation>Revocar…</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Scopes</source>
        <translation>Ámbitos</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Last used</source>
        <translation>Último uso</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Revoked %1</source>
        <translation>Revocado %1</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>Create an API token</source>
        <translation>Crear un token de API</translation>
    </message>
    <message>
        <source>e.g. Metabase</source>
        <translation>p. ej. Metabase</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Crear</translation>
    </message>
    <message>
        <source>Give the token a name that says who uses it.</source>
        <translation>Asigne al token un nombre que indique quién lo usa.</translation>
    </message>
    <message>
        <source>A token&apos;s name can have at most 60 characters.</source>
        <translation>El nombre de un token puede tener como máximo 60 caracteres.</translation>
    </message>
    <message>
        <source>Choose at least one scope.</source>
        <translation>Elija al menos un ámbito.</translation>
    </message>
    <message>
        <source>No token was created: %1</source>
        <translation>No se ha creado ningún token: %1</translation>
    </message>
    <message>
        <source>Token %1 created.</source>
        <translation>Token %1 creado.</translation>
    </message>
    <message>
        <source>Token %1</source>
        <translation>Token %1</translation>
    </message>
    <message>
        <source>Copy this token now. It will not be shown again: Maitre keeps only a hash of it. If it is lost, revoke it and create a new one.</source>
        <translation>Copie este token ahora. No se volverá a mostrar: Maitre solo guarda un hash. Si se pierde, revóquelo y cree uno nuevo.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Copiado</translation>
    </message>
    <message>
        <source>I have copied it</source>
        <translation>Ya lo he copiado</translation>
    </message>
    <message>
        <source>Revoke token</source>
        <translation>Revocar token</translation>
    </message>
    <message>
        <source>Revoke the token %1? Anything using it stops working at once.</source>
        <translation>¿Revocar el token %1? Todo lo que lo use dejará de funcionar al instante.</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Revocar</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Conservar</translation>
    </message>
    <message>
        <source>Token %1 revoked.</source>
        <translation>Token %1 revocado.</translation>
    </message>
</context>
<context>
    <name>Application</name>
    <message>
        <source>The demo restaurant could not be created: %1</source>
        <translation>No se ha podido crear el restaurante de demostración: %1</translation>
    </message>
    <message>
        <source>The local database could not be started.
%1</source>
        <translation>No se ha podido iniciar la base de datos local.
%1</translation>
    </message>
    <message>
        <source>The database could not be prepared.
%1</source>
        <translation>No se ha podido preparar la base de datos.
%1</translation>
    </message>
    <message>
        <source>The restaurant could not be loaded.
%1</source>
        <translation>No se ha podido cargar el restaurante.
%1</translation>
    </message>
    <message>
        <source>The demo staff could not be created: %1</source>
        <translation>No se ha podido crear el personal de demostración: %1</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Orders cannot start: %1</source>
        <translation>No se puede iniciar Pedidos: %1</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Analytics</source>
        <translation>Análisis</translation>
    </message>
</context>
<context>
    <name>AssistantController</name>
    <message>
        <source>Too many messages</source>
        <translation>Demasiados mensajes</translation>
    </message>
    <message>
        <source>Please wait %1 s before asking the assistant again.</source>
        <translation>Espera %1 s antes de volver a preguntar al asistente.</translation>
    </message>
    <message>
        <source>Message too large</source>
        <translation>Mensaje demasiado grande</translation>
    </message>
    <message>
        <source>A request to the assistant can have at most %1 KiB.</source>
        <translation>Una petición al asistente puede tener como máximo %1 KiB.</translation>
    </message>
    <message>
        <source>Malformed request</source>
        <translation>Petición mal formada</translation>
    </message>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation>El cuerpo de la petición no es un objeto JSON.</translation>
    </message>
    <message>
        <source>message must be a text: what the diner says.</source>
        <translation>message debe ser un texto: lo que dice el comensal.</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>El mensaje está vacío.</translation>
    </message>
    <message>
        <source>A message to the assistant can have at most %1 characters.</source>
        <translation>Un mensaje al asistente puede tener como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>session must be 8 to 128 letters, digits or . _ : - (or leave it out to start one).</source>
        <translation>session debe tener de 8 a 128 letras, dígitos o . _ : - (o déjalo fuera para empezar una nueva).</translation>
    </message>
    <message>
        <source>cart must be a list.</source>
        <translation>cart debe ser una lista.</translation>
    </message>
    <message>
        <source>Assistant unavailable</source>
        <translation>Asistente no disponible</translation>
    </message>
    <message>
        <source>The restaurant is not set up yet. Please try again soon.</source>
        <translation>El restaurante aún no está configurado. Vuelve a intentarlo pronto.</translation>
    </message>
</context>
<context>
    <name>AuditLogPage</name>
    <message>
        <source>Audit log</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>Who did what and when: seating, cancellations, refunds, menu and settings changes, staff changes and exports. Nobody can change or delete it.</source>
        <translation>Quién hizo qué y cuándo: sentar grupos, cancelaciones, reembolsos, cambios en la carta y la configuración, cambios de personal y exportaciones. Nadie puede modificarlo ni borrarlo.</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Todas las acciones</translation>
    </message>
    <message>
        <source>Search the details</source>
        <translation>Buscar en los detalles</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>to</source>
        <translation>hasta</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation>La fecha de inicio es posterior a la fecha de fin.</translation>
    </message>
    <message>
        <source>Maitre</source>
        <translation>Maitre</translation>
    </message>
    <message>
        <source>Nothing in the audit log matches these filters.</source>
        <translation>Nada del registro de auditoría coincide con estos filtros.</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>PNG</source>
        <translation>PNG</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>Save this chart as a picture (PNG)</source>
        <translation>Guardar este gráfico como imagen (PNG)</translation>
    </message>
    <message>
        <source>Save the numbers behind this chart as CSV</source>
        <translation>Guardar las cifras de este gráfico como CSV</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
    <message>
        <source>Save “%1” as</source>
        <translation>Guardar «%1» como</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>Archivo CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Guardado en %1</translation>
    </message>
</context>
<context>
    <name>CommandDatabase</name>
    <message>
        <source>The local database could not be started.
%1</source>
        <translation>No se ha podido iniciar la base de datos local.
%1</translation>
    </message>
    <message>
        <source>The database could not be prepared.
%1</source>
        <translation>No se ha podido preparar la base de datos.
%1</translation>
    </message>
    <message>
        <source>The restaurant could not be loaded.
%1</source>
        <translation>No se ha podido cargar el restaurante.
%1</translation>
    </message>
    <message>
        <source>There is no restaurant yet: start Maitre and set one up first (or start it once with --demo).</source>
        <translation>Todavía no hay ningún restaurante: inicie Maitre y configure uno primero (o inícielo una vez con --demo).</translation>
    </message>
    <message>
        <source>The demo restaurant could not be created.
%1</source>
        <translation>No se ha podido crear el restaurante de demostración.
%1</translation>
    </message>
</context>
<context>
    <name>CommandLineOptions</name>
    <message>
        <source>Maitre: the restaurant staff console with a live virtual queue for diners&apos; phones.</source>
        <translation>Maitre: la consola del personal del restaurante con una cola virtual en tiempo real para los móviles de los comensales.</translation>
    </message>
    <message>
        <source>Show this help and exit.</source>
        <translation>Muestra esta ayuda y sale.</translation>
    </message>
    <message>
        <source>Show the version and exit.</source>
        <translation>Muestra la versión y sale.</translation>
    </message>
    <message>
        <source>Keep data (the managed database, logs) in DIR. Default: %1.</source>
        <translation>Guarda los datos (la base de datos gestionada, los registros) en DIR. Predeterminado: %1.</translation>
    </message>
    <message>
        <source>DIR</source>
        <translation>DIR</translation>
    </message>
    <message>
        <source>Serve the diner page and API on port N (0: any free port). Default: 8080.</source>
        <translation>Sirve la página para comensales y la API en el puerto N (0: cualquier puerto libre). Predeterminado: 8080.</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Listen on address ADDR only. Default: all interfaces, for the LAN.</source>
        <translation>Escucha solo en la dirección ADDR. Predeterminado: todas las interfaces, para la red local.</translation>
    </message>
    <message>
        <source>ADDR</source>
        <translation>ADDR</translation>
    </message>
    <message>
        <source>No window: run the services and the diner server only.</source>
        <translation>Sin ventana: ejecuta solo los servicios y el servidor para comensales.</translation>
    </message>
    <message>
        <source>Create a demo restaurant when the database is empty.</source>
        <translation>Crea un restaurante de demostración si la base de datos está vacía.</translation>
    </message>
    <message>
        <source>Use the PostgreSQL database at URL (postgresql://user:password@host:port/db) instead of the managed one.</source>
        <translation>Usa la base de datos PostgreSQL de URL (postgresql://user:password@host:port/db) en lugar de la gestionada.</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Use language CODE (%1). Default: the system&apos;s.</source>
        <translation>Usa el idioma CODE (%1). Predeterminado: el del sistema.</translation>
    </message>
    <message>
        <source>CODE</source>
        <translation>CODE</translation>
    </message>
    <message>
        <source>Unexpected argument: %1</source>
        <translation>Argumento inesperado: %1</translation>
    </message>
    <message>
        <source>--data-dir needs a directory.</source>
        <translation>--data-dir necesita un directorio.</translation>
    </message>
    <message>
        <source>--port must be a number from 0 to 65535, not &quot;%1&quot;.</source>
        <translation>--port debe ser un número entre 0 y 65535, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--bind must be an IP address such as 0.0.0.0 or 192.168.1.10, not &quot;%1&quot;.</source>
        <translation>--bind debe ser una dirección IP como 0.0.0.0 o 192.168.1.10, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--lang must be one of %1, not &quot;%2&quot;.</source>
        <translation>--lang debe ser uno de %1, no &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>Open as the kitchen display, full screen (tickets, bump and recall).</source>
        <translation>Abrir como pantalla de cocina, a pantalla completa (comandas, despachar y recuperar).</translation>
    </message>
    <message>
        <source>With --kitchen: show only station NAME&apos;s tickets (e.g. grill), or &quot;expo&quot; for whole orders.</source>
        <translation>Con --kitchen: mostrar solo las comandas de la estación NOMBRE (p. ej. grill), o &quot;expo&quot; para pedidos completos.</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOMBRE</translation>
    </message>
    <message>
        <source>--station needs a station name, such as grill or expo.</source>
        <translation>--station necesita el nombre de una estación, como grill o expo.</translation>
    </message>
    <message>
        <source>--kitchen opens a window; it cannot be used with --headless.</source>
        <translation>--kitchen abre una ventana; no se puede usar con --headless.</translation>
    </message>
    <message>
        <source>Create a staff API token called NAME for integrations, print it once and exit. Needs --scope.</source>
        <translation>Crea un token de API del personal llamado NOMBRE para integraciones, lo muestra una sola vez y sale. Requiere --scope.</translation>
    </message>
    <message>
        <source>With --create-token: what the token may use (%1); repeat for several.</source>
        <translation>Con --create-token: qué puede usar el token (%1); repítalo para indicar varios.</translation>
    </message>
    <message>
        <source>SCOPE</source>
        <translation>ÁMBITO</translation>
    </message>
    <message>
        <source>List the staff API tokens (never their secrets) and exit.</source>
        <translation>Lista los tokens de API del personal (nunca sus secretos) y sale.</translation>
    </message>
    <message>
        <source>Revoke the staff API token called NAME and exit.</source>
        <translation>Revoca el token de API del personal llamado NOMBRE y sale.</translation>
    </message>
    <message>
        <source>Use one of --create-token, --list-tokens and --revoke-token at a time.</source>
        <translation>Use solo una de --create-token, --list-tokens y --revoke-token a la vez.</translation>
    </message>
    <message>
        <source>--scope goes with --create-token.</source>
        <translation>--scope solo se usa con --create-token.</translation>
    </message>
    <message>
        <source>The token options run without a window and do not create a restaurant: leave out --kitchen, --station and --demo.</source>
        <translation>Las opciones de tokens se ejecutan sin ventana y no crean ningún restaurante: no use --kitchen, --station ni --demo.</translation>
    </message>
    <message>
        <source>--create-token needs a name for the token.</source>
        <translation>--create-token necesita un nombre para el token.</translation>
    </message>
    <message>
        <source>--scope must be one of %1, not &quot;%2&quot;.</source>
        <translation>--scope debe ser uno de %1, no &quot;%2&quot;.</translation>
    </message>
    <message>
        <source>--create-token needs at least one --scope (%1).</source>
        <translation>--create-token necesita al menos un --scope (%1).</translation>
    </message>
    <message>
        <source>--revoke-token needs the name of a token.</source>
        <translation>--revoke-token necesita el nombre de un token.</translation>
    </message>
    <message>
        <source>Export the orders of DATE (YYYY-MM-DD, the restaurant&apos;s day) to --out in --format and exit.</source>
        <translation>Exporta los pedidos de FECHA (AAAA-MM-DD, la jornada del restaurante) a --out en el formato de --format y termina.</translation>
    </message>
    <message>
        <source>DATE</source>
        <translation>FECHA</translation>
    </message>
    <message>
        <source>With --export: csv or xlsx. Default: taken from --out&apos;s extension.</source>
        <translation>Con --export: csv o xlsx. Predeterminado: según la extensión de --out.</translation>
    </message>
    <message>
        <source>FORMAT</source>
        <translation>FORMATO</translation>
    </message>
    <message>
        <source>With --export: the file to write.</source>
        <translation>Con --export: el archivo que se escribe.</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>ARCHIVO</translation>
    </message>
    <message>
        <source>--format and --out go with --export DATE.</source>
        <translation>--format y --out se usan junto con --export FECHA.</translation>
    </message>
    <message>
        <source>--export runs on its own without a window: leave out the token options, --kitchen, --station, --demo and --headless.</source>
        <translation>--export se ejecuta por sí solo, sin ventana: omita las opciones de token, --kitchen, --station, --demo y --headless.</translation>
    </message>
    <message>
        <source>--export needs a date as YYYY-MM-DD, not &quot;%1&quot;.</source>
        <translation>--export necesita una fecha en formato AAAA-MM-DD, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--export needs --out FILE: where to write the orders.</source>
        <translation>--export necesita --out ARCHIVO: dónde escribir los pedidos.</translation>
    </message>
    <message>
        <source>--format must be csv or xlsx, not &quot;%1&quot;.</source>
        <translation>--format debe ser csv o xlsx, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--export needs --format csv or xlsx (the file name does not say which).</source>
        <translation>--export necesita --format csv o xlsx (el nombre del archivo no lo indica).</translation>
    </message>
    <message>
        <source>Fill the database with a realistic history of --orders orders over --days days, ending yesterday, for the analytics; print progress and exit. With --demo, the demo restaurant is made first if there is none.</source>
        <translation>Llenar la base de datos con un historial realista de --orders pedidos en --days días, hasta ayer, para los análisis; muestra el progreso y termina. Con --demo, se crea antes el restaurante de demostración si no hay ninguno.</translation>
    </message>
    <message>
        <source>With --generate-history: how many orders (default 1000000).</source>
        <translation>Con --generate-history: cuántos pedidos (por defecto 1000000).</translation>
    </message>
    <message>
        <source>With --generate-history: how many days back (default 365).</source>
        <translation>Con --generate-history: cuántos días hacia atrás (por defecto 365).</translation>
    </message>
    <message>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <source>--orders and --days go with --generate-history.</source>
        <translation>--orders y --days van con --generate-history.</translation>
    </message>
    <message>
        <source>--generate-history runs on its own without a window: leave out the token and export options, --kitchen, --station and --headless.</source>
        <translation>--generate-history se ejecuta solo y sin ventana: quite las opciones de tokens y de exportación, --kitchen, --station y --headless.</translation>
    </message>
    <message>
        <source>--orders must be a number from 1 to 20000000, not &quot;%1&quot;.</source>
        <translation>--orders debe ser un número de 1 a 20000000, no &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>--days must be a number from 1 to 3650, not &quot;%1&quot;.</source>
        <translation>--days debe ser un número de 1 a 3650, no &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>ConnectionSettings</name>
    <message>
        <source>&quot;%1&quot; is not a PostgreSQL URL (postgresql://user:password@host:port/database).</source>
        <translation>&quot;%1&quot; no es una URL de PostgreSQL (postgresql://user:password@host:port/database).</translation>
    </message>
</context>
<context>
    <name>DinerAssistant</name>
    <message>
        <source> and </source>
        <extracomment>Joins the last two items of a list: &quot;A, B and C&quot;.</extracomment>
        <translation> y </translation>
    </message>
    <message>
        <source>Good day, I am %1, the ordering assistant. I can help you choose from the menu and prepare your order.</source>
        <translation>Buenos días, soy %1, el asistente de pedidos. Puedo ayudarte a elegir de la carta y a preparar tu pedido.</translation>
    </message>
    <message>
        <source>Hey there, I&apos;m %1! Hungry? Tell me what you fancy — “something spicy under 15”, “what is vegetarian?” — and I&apos;ll find it.</source>
        <translation>¡Hola, soy %1! ¿Tienes hambre? Dime qué te apetece —«algo picante por menos de 15», «¿qué hay vegetariano?»— y te lo encuentro.</translation>
    </message>
    <message>
        <source>Hi, I&apos;m %1! I can help you choose from the menu and put your order together. Try “something vegetarian”, “spicy under 15” or “add two tiramisu”.</source>
        <translation>¡Hola, soy %1! Puedo ayudarte a elegir de la carta y a preparar tu pedido. Prueba con «algo vegetariano», «picante por menos de 15» o «añade dos tiramisú».</translation>
    </message>
    <message>
        <source>A message to the assistant can have at most %1 characters.</source>
        <translation>Un mensaje al asistente puede tener como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>The conversation has no id.</source>
        <translation>La conversación no tiene identificador.</translation>
    </message>
    <message>
        <source>The assistant is still answering the last message of this conversation.</source>
        <translation>El asistente todavía está respondiendo al último mensaje de esta conversación.</translation>
    </message>
    <message>
        <source>The assistant can&apos;t read the menu right now. Please try again in a moment.</source>
        <translation>El asistente no puede leer la carta ahora. Vuelve a intentarlo en un momento.</translation>
    </message>
    <message>
        <source>%1 has just sold out and was taken out of your order.</source>
        <translation>%1 se acaba de agotar y se ha quitado de tu pedido.</translation>
    </message>
    <message>
        <source>(My language model can&apos;t be reached right now, so I&apos;m answering from the menu myself.)</source>
        <translation>(Ahora no puedo conectar con mi modelo de lenguaje, así que te respondo yo desde la carta).</translation>
    </message>
    <message>
        <source>Here is what I found.</source>
        <translation>Esto es lo que he encontrado.</translation>
    </message>
    <message>
        <source>Certainly.</source>
        <translation>Por supuesto.</translation>
    </message>
    <message>
        <source>Great pick!</source>
        <translation>¡Buena elección!</translation>
    </message>
    <message>
        <source>Done!</source>
        <translation>¡Hecho!</translation>
    </message>
    <message>
        <source>You&apos;re welcome! Anything else I can find for you?</source>
        <translation>¡De nada! ¿Te busco algo más?</translation>
    </message>
    <message>
        <source>I can look things up on the menu (“what is vegetarian?”, “something spicy under 15”), recommend dishes, add or remove them (“add two of those”) and show your order. You confirm the order yourself on the page.</source>
        <translation>Puedo buscar en la carta («¿qué hay vegetariano?», «algo picante por menos de 15»), recomendarte platos, añadirlos o quitarlos («añade dos de esos») y enseñarte tu pedido. El pedido lo confirmas tú en la página.</translation>
    </message>
    <message>
        <source>Sorry, %1 is sold out today.</source>
        <translation>Lo siento, %1 está agotado hoy.</translation>
    </message>
    <message>
        <source>Your order already has %1 different dishes, the most it can have.</source>
        <translation>Tu pedido ya tiene %1 platos distintos, el máximo posible.</translation>
    </message>
    <message>
        <source>That would be more than %1 of %2 in one order.</source>
        <translation>Eso serían más de %1 de %2 en un solo pedido.</translation>
    </message>
    <message>
        <source>I can add from 1 to %1 of a dish at a time.</source>
        <translation>Puedo añadir de 1 a %1 unidades de un plato cada vez.</translation>
    </message>
    <message>
        <source>I couldn&apos;t find “%1” on the menu.</source>
        <translation>No he encontrado «%1» en la carta.</translation>
    </message>
    <message>
        <source>Did you mean one of these?</source>
        <translation>¿Te refieres a alguno de estos?</translation>
    </message>
    <message>
        <source>Which one do you mean?</source>
        <translation>¿Cuál de ellos?</translation>
    </message>
    <message>
        <source>Which dish do you mean? Ask me for something first, or tell me its name.</source>
        <translation>¿Qué plato quieres decir? Pídeme algo primero o dime su nombre.</translation>
    </message>
    <message>
        <source>Which one do you mean? Say “the first one”, or its name.</source>
        <translation>¿Cuál de ellos? Di «el primero» o su nombre.</translation>
    </message>
    <message>
        <source>I added %1 to your order.</source>
        <translation>He añadido %1 a tu pedido.</translation>
    </message>
    <message>
        <source>Nothing is ordered until you confirm it yourself with the button on the page.</source>
        <translation>No se pide nada hasta que lo confirmes tú con el botón de la página.</translation>
    </message>
    <message>
        <source>Your order is empty, so there is nothing to remove.</source>
        <translation>Tu pedido está vacío, así que no hay nada que quitar.</translation>
    </message>
    <message>
        <source>Which one should I remove?</source>
        <translation>¿Cuál quito?</translation>
    </message>
    <message>
        <source>Which dish should I remove? Here is your order:</source>
        <translation>¿Qué plato quito? Este es tu pedido:</translation>
    </message>
    <message>
        <source>%1 isn&apos;t in your order.</source>
        <translation>%1 no está en tu pedido.</translation>
    </message>
    <message>
        <source>%1 (%2 left)</source>
        <translation>%1 (quedan %2)</translation>
    </message>
    <message>
        <source>I took %1 off your order.</source>
        <translation>He quitado %1 de tu pedido.</translation>
    </message>
    <message>
        <source>Your order is empty now.</source>
        <translation>Ahora tu pedido está vacío.</translation>
    </message>
    <message>
        <source>There is nothing in your order yet. Tell me what you&apos;d like, or tap Add on the menu.</source>
        <translation>Todavía no hay nada en tu pedido. Dime qué te apetece o toca Añadir en la carta.</translation>
    </message>
    <message>
        <source>Your order is empty. Tell me what you&apos;d like, or tap Add on the menu.</source>
        <translation>Tu pedido está vacío. Dime qué te apetece o toca Añadir en la carta.</translation>
    </message>
    <message>
        <source>I can&apos;t place the order for you. Check it below, then confirm it yourself with the button on the page (“Join the queue”): your order goes with your place in line.</source>
        <translation>No puedo hacer el pedido por ti. Revísalo abajo y confírmalo tú con el botón de la página («Apuntarme a la cola»): tu pedido va con tu puesto en la cola.</translation>
    </message>
    <message>
        <source>Your order so far: %1 items, %2.</source>
        <translation>Tu pedido por ahora: %1 platos, %2.</translation>
    </message>
    <message>
        <source>vegetarian</source>
        <translation>vegetarianos</translation>
    </message>
    <message>
        <source>vegan</source>
        <translation>veganos</translation>
    </message>
    <message>
        <source>gluten-free</source>
        <translation>sin gluten</translation>
    </message>
    <message>
        <source>spicy</source>
        <translation>picantes</translation>
    </message>
    <message>
        <source>not spicy</source>
        <translation>no picantes</translation>
    </message>
    <message>
        <source>without nuts</source>
        <translation>sin frutos secos</translation>
    </message>
    <message>
        <source>up to %1</source>
        <translation>de hasta %1</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>desde %1</translation>
    </message>
    <message>
        <source>I&apos;m not sure what you&apos;d like. I can find dishes (“what is vegetarian?”, “something spicy under 15”), recommend some, add them to your order (“add two of those”) and show your order.</source>
        <translation>No estoy seguro de qué te apetece. Puedo buscar platos («¿qué hay vegetariano?», «algo picante por menos de 15»), recomendarte alguno, añadirlos a tu pedido («añade dos de esos») y enseñarte tu pedido.</translation>
    </message>
    <message>
        <source>Nothing on today&apos;s menu is %1. Shall I look without a filter?</source>
        <translation>Hoy no hay platos %1 en la carta. ¿Busco sin ese filtro?</translation>
    </message>
    <message>
        <source>These are what diners here order most:</source>
        <translation>Esto es lo que más se pide aquí:</translation>
    </message>
    <message>
        <source>Here are a few dishes to start with:</source>
        <translation>Aquí tienes unos platos para empezar:</translation>
    </message>
    <message>
        <source>I couldn&apos;t find “%1” that is %2 on today&apos;s menu.</source>
        <translation>No he encontrado «%1» entre los platos %2 de hoy.</translation>
    </message>
    <message>
        <source>I couldn&apos;t find “%1” on today&apos;s menu.</source>
        <translation>No he encontrado «%1» en la carta de hoy.</translation>
    </message>
    <message>
        <source>I found one dish for “%1”:</source>
        <translation>He encontrado un plato para «%1»:</translation>
    </message>
    <message>
        <source>I found one dish that is %1:</source>
        <translation>He encontrado un solo plato entre los %1:</translation>
    </message>
    <message>
        <source>I found %1 dishes that are %2:</source>
        <translation>He encontrado %1 platos %2:</translation>
    </message>
    <message>
        <source>I found %1 dishes for “%2”:</source>
        <translation>He encontrado %1 platos para «%2»:</translation>
    </message>
    <message>
        <source>I found %1 dishes for “%2”; here are the first %3:</source>
        <translation>He encontrado %1 platos para «%2»; aquí tienes los %3 primeros:</translation>
    </message>
    <message>
        <source>I found %1 dishes that are %2; here are the first %3:</source>
        <translation>He encontrado %1 platos %2; aquí tienes los %3 primeros:</translation>
    </message>
    <message>
        <source>Yes, %1 is %2.</source>
        <translation>Sí, %1 está entre los platos %2.</translation>
    </message>
    <message>
        <source>No, %1 is not %2.</source>
        <translation>No, %1 no está entre los platos %2.</translation>
    </message>
    <message>
        <source>%1: %2, %3.</source>
        <translation>%1: %2, %3.</translation>
    </message>
    <message>
        <source>%1 is %2.</source>
        <translation>%1 cuesta %2.</translation>
    </message>
    <message>
        <source>My language model stopped answering; here is your order as it is now.</source>
        <translation>Mi modelo de lenguaje ha dejado de responder; este es tu pedido tal como está ahora.</translation>
    </message>
</context>
<context>
    <name>DinerJson</name>
    <message>
        <source>%1 must be %2.</source>
        <translation>%1 debe ser %2.</translation>
    </message>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation>El cuerpo de la petición no es un objeto JSON.</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>un texto</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un número entero</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>una lista</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objeto</translation>
    </message>
</context>
<context>
    <name>DinerServer</name>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>No se puede escuchar en %1, puerto %2: %3</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>There is nothing at %1.</source>
        <translation>No hay nada en %1.</translation>
    </message>
    <message>
        <source>Method not allowed</source>
        <translation>Método no permitido</translation>
    </message>
    <message>
        <source>%1 accepts %2.</source>
        <translation>%1 acepta %2.</translation>
    </message>
</context>
<context>
    <name>EventStreamController</name>
    <message>
        <source>&quot;%1&quot; is not an event type: use names like order.created or party.*.</source>
        <translation>&quot;%1&quot; no es un tipo de evento: use nombres como order.created o party.*.</translation>
    </message>
    <message>
        <source>Last-Event-ID must be the id of an event from this stream.</source>
        <translation>Last-Event-ID debe ser el id de un evento de este flujo.</translation>
    </message>
    <message>
        <source>Bad stream request</source>
        <translation>Petición de flujo incorrecta</translation>
    </message>
    <message>
        <source>Unknown Last-Event-ID</source>
        <translation>Last-Event-ID desconocido</translation>
    </message>
    <message>
        <source>Event %1 is not in this restaurant&apos;s log; start again without Last-Event-ID.</source>
        <translation>El evento %1 no está en el registro de este restaurante; empiece de nuevo sin Last-Event-ID.</translation>
    </message>
</context>
<context>
    <name>ExportCommand</name>
    <message>
        <source>--format must be csv or xlsx.</source>
        <translation>--format debe ser csv o xlsx.</translation>
    </message>
    <message>
        <source>The orders could not be exported: %1</source>
        <translation>No se han podido exportar los pedidos: %1</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n order(s) of %1.
</source>
        <translation>
            <numerusform>Se ha exportado %n pedido del %1.
</numerusform>
            <numerusform>Se han exportado %n pedidos del %1.
</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FeedbackController</name>
    <message>
        <source>Malformed request</source>
        <translation>Petición mal formada</translation>
    </message>
</context>
<context>
    <name>FeedbackJson</name>
    <message>
        <source>%1 must be %2.</source>
        <translation>%1 debe ser %2.</translation>
    </message>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation>El cuerpo de la petición no es un objeto JSON.</translation>
    </message>
    <message>
        <source>the link&apos;s token</source>
        <translation>el token del enlace</translation>
    </message>
    <message>
        <source>a whole number from 1 to 5</source>
        <translation>un número entero de 1 a 5</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>un texto</translation>
    </message>
</context>
<context>
    <name>FeedbackService</name>
    <message>
        <source>Choose a rating from 1 to 5 stars.</source>
        <translation>Elige una valoración de 1 a 5 estrellas.</translation>
    </message>
    <message>
        <source>The comment can have at most %1 characters.</source>
        <translation>El comentario puede tener como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>The comment contains control characters.</source>
        <translation>El comentario contiene caracteres de control.</translation>
    </message>
    <message>
        <source>No visit or order has this token.</source>
        <translation>Ninguna visita ni pedido tiene este token.</translation>
    </message>
    <message>
        <source>A visit can be rated once the party has been seated.</source>
        <translation>Una visita se puede valorar cuando el grupo ya se ha sentado.</translation>
    </message>
    <message>
        <source>An order can be rated once it has been handed over.</source>
        <translation>Un pedido se puede valorar cuando ya se ha entregado.</translation>
    </message>
    <message>
        <source>This visit has been rated already. Thank you!</source>
        <translation>Esta visita ya se ha valorado. ¡Gracias!</translation>
    </message>
    <message>
        <source>This order has been rated already. Thank you!</source>
        <translation>Este pedido ya se ha valorado. ¡Gracias!</translation>
    </message>
</context>
<context>
    <name>FirstRunMenuPage</name>
    <message>
        <source>Dismiss and type the menu instead</source>
        <translation>Descartar y escribir la carta a mano</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Plato</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Prep (min)</source>
        <translation>Prep. (min)</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Add a few dishes now — you can edit the whole menu later in Settings. Or import a CSV file (columns: category, name, description, price, prep_minutes, station, tags, available).</source>
        <translation>Añada ahora algunos platos — podrá editar toda la carta más adelante en Configuración. O importe un archivo CSV (columnas: category, name, description, price, prep_minutes, station, tags, available).</translation>
    </message>
    <message>
        <source>Add a row</source>
        <translation>Añadir una fila</translation>
    </message>
    <message>
        <source>Import a CSV file…</source>
        <translation>Importar un archivo CSV…</translation>
    </message>
    <message>
        <source>kitchen</source>
        <translation>cocina</translation>
    </message>
    <message>
        <source>Import a menu</source>
        <translation>Importar una carta</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>No se ha podido leer %1: %2</translation>
    </message>
    <message>
        <source>Nothing was imported: fix these rows in the file and import it again.</source>
        <translation>No se ha importado nada: corrija estas filas en el archivo e impórtelo de nuevo.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Línea %1: %2</translation>
    </message>
    <message>
        <source>Line %1, %2: %3</source>
        <translation>Línea %1, %2: %3</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more.</source>
        <translation>
            <numerusform>…y %n más.</numerusform>
            <numerusform>…y %n más.</numerusform>
        </translation>
    </message>
    <message>
        <source>The file has no menu items below its header row.</source>
        <translation>El archivo no tiene platos debajo de la fila de cabecera.</translation>
    </message>
    <message>
        <source>The CSV file has problems (listed above). Fix the file and import it again, or dismiss them and type the menu instead.</source>
        <translation>El archivo CSV tiene problemas (indicados arriba). Corrija el archivo e impórtelo de nuevo, o descártelos y escriba la carta a mano.</translation>
    </message>
    <message>
        <source>Row %1: %2</source>
        <translation>Fila %1: %2</translation>
    </message>
    <message>
        <source>give the item a name.</source>
        <translation>asigne un nombre al plato.</translation>
    </message>
    <message>
        <source>say which category %1 belongs in (e.g. Mains).</source>
        <translation>indique a qué categoría pertenece %1 (p. ej. Principales).</translation>
    </message>
    <message>
        <source>the price of %1 should be a number like 12.50.</source>
        <translation>el precio de %1 debe ser un número como 12.50.</translation>
    </message>
    <message>
        <source>the prep time of %1 should be whole minutes.</source>
        <translation>el tiempo de preparación de %1 debe ser en minutos enteros.</translation>
    </message>
    <message>
        <source>%1 is on the menu twice.</source>
        <translation>%1 está dos veces en la carta.</translation>
    </message>
</context>
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Create the restaurant</source>
        <translation>Crear el restaurante</translation>
    </message>
    <message>
        <source>Create the owner&apos;s account</source>
        <translation>Crear la cuenta del propietario</translation>
    </message>
    <message>
        <source>Set the time zone</source>
        <translation>Establecer la zona horaria</translation>
    </message>
    <message>
        <source>Add the tables</source>
        <translation>Añadir las mesas</translation>
    </message>
    <message>
        <source>Add the menu</source>
        <translation>Añadir la carta</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Siguiente</translation>
    </message>
    <message>
        <source>Your menu</source>
        <translation>Su carta</translation>
    </message>
    <message>
        <source>What diners can order from their phones.</source>
        <translation>Lo que los comensales pueden pedir desde el móvil.</translation>
    </message>
    <message>
        <source>The restaurant could not be created</source>
        <translation>No se ha podido crear el restaurante</translation>
    </message>
    <message>
        <source>The owner&apos;s account could not be created</source>
        <translation>No se ha podido crear la cuenta del propietario</translation>
    </message>
    <message>
        <source>The time zone could not be set</source>
        <translation>No se ha podido establecer la zona horaria</translation>
    </message>
    <message>
        <source>The tables could not be added</source>
        <translation>No se han podido añadir las mesas</translation>
    </message>
    <message numerus="yes">
        <source>%1 has %n table(s) already. Add more here if you like.</source>
        <translation>
            <numerusform>%1 ya tiene %n mesa. Añada más aquí si lo desea.</numerusform>
            <numerusform>%1 ya tiene %n mesas. Añada más aquí si lo desea.</numerusform>
        </translation>
    </message>
    <message>
        <source>The menu could not be added</source>
        <translation>No se ha podido añadir la carta</translation>
    </message>
    <message>
        <source>Explore with demo data</source>
        <translation>Explorar con datos de demostración</translation>
    </message>
    <message>
        <source>A made-up trattoria with tables, a menu and staff, so you can try every screen right away. The sign-in page shows the demo PINs.</source>
        <translation>Una trattoria ficticia con mesas, carta y personal, para que pueda probar todas las pantallas enseguida. La página de inicio de sesión muestra los PIN de demostración.</translation>
    </message>
    <message>
        <source>Set up my restaurant</source>
        <translation>Configurar mi restaurante</translation>
    </message>
    <message>
        <source>Five short steps: name and time zone, your PIN, tables, a first menu, and the poster diners scan to join the queue.</source>
        <translation>Cinco pasos breves: nombre y zona horaria, su PIN, mesas, una primera carta y el cartel que escanean los comensales para apuntarse a la cola.</translation>
    </message>
    <message>
        <source>Creating the demo restaurant…</source>
        <translation>Creando el restaurante de demostración…</translation>
    </message>
    <message>
        <source>Welcome to Maitre</source>
        <translation>Bienvenido a Maitre</translation>
    </message>
    <message>
        <source>The staff console for your host stand, kitchen and office.</source>
        <translation>La consola del personal para la recepción, la cocina y la oficina.</translation>
    </message>
    <message>
        <source>e.g. Casa Pepe</source>
        <translation>p. ej. Casa Pepe</translation>
    </message>
    <message>
        <source>Restaurant name</source>
        <translation>Nombre del restaurante</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona horaria</translation>
    </message>
    <message>
        <source>Your restaurant</source>
        <translation>Su restaurante</translation>
    </message>
    <message>
        <source>Diners see the name on their phones; the time zone sets opening hours and reports.</source>
        <translation>Los comensales ven el nombre en el móvil; la zona horaria rige el horario de apertura y los informes.</translation>
    </message>
    <message>
        <source>Your name, as staff know you</source>
        <translation>Su nombre, tal como le conoce el personal</translation>
    </message>
    <message>
        <source>Owner&apos;s name</source>
        <translation>Nombre del propietario</translation>
    </message>
    <message>
        <source>PIN (4–8 digits)</source>
        <translation>PIN (4–8 cifras)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Repita el PIN</translation>
    </message>
    <message>
        <source>The owner&apos;s account</source>
        <translation>La cuenta del propietario</translation>
    </message>
    <message>
        <source>You sign in with this PIN and add your staff later in Settings. Keep it to yourself.</source>
        <translation>Con este PIN iniciará sesión y, más adelante, podrá añadir a su personal en Configuración. No lo comparta con nadie.</translation>
    </message>
    <message>
        <source>Add another size</source>
        <translation>Añadir otro tamaño</translation>
    </message>
    <message>
        <source>Your tables</source>
        <translation>Sus mesas</translation>
    </message>
    <message>
        <source>How many tables of each size? You can name and combine them later in Settings.</source>
        <translation>¿Cuántas mesas de cada tamaño? Más adelante puede ponerles nombre y juntarlas en Configuración.</translation>
    </message>
    <message>
        <source>tables of</source>
        <translation>mesas de</translation>
    </message>
    <message>
        <source>seats</source>
        <translation>plazas</translation>
    </message>
    <message>
        <source>In all: %1, %2</source>
        <translation>En total: %1, %2</translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation>
            <numerusform>%n mesa</numerusform>
            <numerusform>%n mesas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n seat(s)</source>
        <translation>
            <numerusform>%n plaza</numerusform>
            <numerusform>%n plazas</numerusform>
        </translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Setting up</source>
        <translation>Configurando</translation>
    </message>
    <message>
        <source>This takes a moment.</source>
        <translation>Esto tarda un momento.</translation>
    </message>
    <message>
        <source>Show full screen</source>
        <translation>Mostrar a pantalla completa</translation>
    </message>
    <message>
        <source>Print the poster…</source>
        <translation>Imprimir el cartel…</translation>
    </message>
    <message>
        <source>Open the console</source>
        <translation>Abrir la consola</translation>
    </message>
    <message>
        <source>Scan to join the queue</source>
        <translation>Escanee para apuntarse a la cola</translation>
    </message>
    <message>
        <source>Print the join poster</source>
        <translation>Imprimir el cartel para apuntarse</translation>
    </message>
    <message>
        <source>The poster could not be printed: the printer is not ready.</source>
        <translation>No se ha podido imprimir el cartel: la impresora no está lista.</translation>
    </message>
    <message>
        <source>Scan to join</source>
        <translation>Escanee para apuntarse</translation>
    </message>
    <message>
        <source>You&apos;re all set.</source>
        <translation>Todo listo.</translation>
    </message>
    <message>
        <source>The diner page is not being served yet; the poster appears in the Queue view once it is.</source>
        <translation>La página para comensales aún no está disponible; el cartel aparecerá en la vista Cola cuando lo esté.</translation>
    </message>
    <message>
        <source>Put this poster by the door: diners scan it to join the queue from their phones and watch their place in line.</source>
        <translation>Ponga este cartel junto a la puerta: los comensales lo escanean para apuntarse a la cola desde el móvil y seguir su turno.</translation>
    </message>
    <message>
        <source>Create my restaurant</source>
        <translation>Crear mi restaurante</translation>
    </message>
    <message>
        <source>Step %1 of 4</source>
        <translation>Paso %1 de 4</translation>
    </message>
    <message>
        <source>Type your restaurant&apos;s name.</source>
        <translation>Escriba el nombre de su restaurante.</translation>
    </message>
    <message>
        <source>Pick a time zone from the list, e.g. Europe/Madrid.</source>
        <translation>Elija una zona horaria de la lista, p. ej. Europe/Madrid.</translation>
    </message>
    <message>
        <source>Type the owner&apos;s name.</source>
        <translation>Escriba el nombre del propietario.</translation>
    </message>
    <message>
        <source>The two PINs differ: type the same PIN twice.</source>
        <translation>Los dos PIN no coinciden: escriba el mismo PIN dos veces.</translation>
    </message>
    <message>
        <source>Add at least one table: the queue seats parties at tables.</source>
        <translation>Añada al menos una mesa: la cola sienta a los grupos en mesas.</translation>
    </message>
    <message>
        <source>That is more than %1 tables; add the rest later in Settings.</source>
        <translation>Son más de %1 mesas; añada el resto más adelante en Configuración.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>What is ticked is saved. Try again, or go back and change what you entered.</source>
        <translation>Lo marcado ya se ha guardado. Vuelva a intentarlo, o vuelva atrás y cambie los datos introducidos.</translation>
    </message>
</context>
<context>
    <name>HistoryCommand</name>
    <message>
        <source>Generating %1 orders over %2 days…
</source>
        <translation>Generando %1 pedidos en %2 días…
</translation>
    </message>
    <message>
        <source>  %1 %  up to %2 · %3 orders · %4 parties · %5 rows · %6 s
</source>
        <translation>  %1 %  hasta el %2 · %3 pedidos · %4 grupos · %5 filas · %6 s
</translation>
    </message>
    <message>
        <source>The history could not be generated: %1</source>
        <translation>No se ha podido generar el historial: %1</translation>
    </message>
    <message>
        <source>Generated %1 orders (%2 dishes), %3 parties, %4 ratings and %5 events, %6 rows in all, from %7 to %8, in %9 s (%10 orders/s).
</source>
        <translation>Generados %1 pedidos (%2 platos), %3 grupos, %4 valoraciones y %5 eventos, %6 filas en total, del %7 al %8, en %9 s (%10 pedidos/s).
</translation>
    </message>
</context>
<context>
    <name>HistoryGenerator</name>
    <message>
        <source>Generate between 1 and 20,000,000 orders.</source>
        <translation>Genere entre 1 y 20.000.000 de pedidos.</translation>
    </message>
    <message>
        <source>The history can span 1 to 3,650 days.</source>
        <translation>El historial puede abarcar de 1 a 3.650 días.</translation>
    </message>
    <message>
        <source>No such restaurant.</source>
        <translation>No existe ese restaurante.</translation>
    </message>
    <message>
        <source>The restaurant has no menu yet to make a history from.</source>
        <translation>El restaurante aún no tiene carta con la que crear un historial.</translation>
    </message>
</context>
<context>
    <name>HourOfWeekHeatmap</name>
    <message>
        <source>Average revenue per hour: lighter is quieter, darker up to %1%2</source>
        <translation>Ventas medias por hora: más claro es más tranquilo, más oscuro hasta %1%2</translation>
    </message>
    <message>
        <source>%1 %2:00 · on average %3%4 from %5 orders</source>
        <translation>%1 %2:00 · de media %3%4 de %5 pedidos</translation>
    </message>
</context>
<context>
    <name>KitchenCardDelegate</name>
    <message>
        <source>PRE-ORDER</source>
        <translation>PREPEDIDO</translation>
    </message>
    <message>
        <source>TAKEOUT</source>
        <translation>PARA LLEVAR</translation>
    </message>
    <message>
        <source>DELIVERY</source>
        <translation>A DOMICILIO</translation>
    </message>
    <message>
        <source>VOICE</source>
        <translation>TELÉFONO</translation>
    </message>
    <message>
        <source>DINE-IN</source>
        <translation>EN SALA</translation>
    </message>
    <message>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <source>RECALLED</source>
        <translation>RECUPERADA</translation>
    </message>
</context>
<context>
    <name>KitchenChit</name>
    <message>
        <source>Dine in</source>
        <translation>En sala</translation>
    </message>
    <message>
        <source>Takeout</source>
        <translation>Para llevar</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>A domicilio</translation>
    </message>
    <message>
        <source>Pre-order</source>
        <translation>Pedido anticipado</translation>
    </message>
    <message>
        <source>Phone order</source>
        <translation>Pedido telefónico</translation>
    </message>
    <message>
        <source>EXPO</source>
        <translation>PASE</translation>
    </message>
    <message>
        <source>Order %1</source>
        <translation>Pedido %1</translation>
    </message>
    <message>
        <source>Table %1</source>
        <translation>Mesa %1</translation>
    </message>
    <message>
        <source>In %1, printed %2</source>
        <translation>Entrada %1, impresa %2</translation>
    </message>
    <message>
        <source>RECALLED</source>
        <translation>RECUPERADA</translation>
    </message>
    <message>
        <source>%1 x %2</source>
        <translation>%1 x %2</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Nota: %1</translation>
    </message>
    <message>
        <source>Ticket %1</source>
        <translation>Comanda %1</translation>
    </message>
</context>
<context>
    <name>KitchenPrintRouter</name>
    <message>
        <source>Ticket %1 could not be loaded for printing: %2</source>
        <translation>No se pudo cargar la comanda %1 para imprimirla: %2</translation>
    </message>
</context>
<context>
    <name>KitchenPrinter</name>
    <message>
        <source>&quot;%1&quot; is not a printer address; use tcp://HOST:9100 or pdf:/DIRECTORY.</source>
        <translation>&quot;%1&quot; no es una dirección de impresora; use tcp://HOST:9100 o pdf:/DIRECTORIO.</translation>
    </message>
    <message>
        <source>The printer at %1 cannot be reached: %2</source>
        <translation>No se puede contactar con la impresora %1: %2</translation>
    </message>
    <message>
        <source>The printer at %1 stopped taking the chit: %2</source>
        <translation>La impresora %1 dejó de recibir la comanda: %2</translation>
    </message>
    <message>
        <source>The chit folder %1 cannot be created.</source>
        <translation>No se puede crear la carpeta de comandas %1.</translation>
    </message>
</context>
<context>
    <name>KitchenService</name>
    <message>
        <source>That ticket does not exist.</source>
        <translation>Esa comanda no existe.</translation>
    </message>
    <message>
        <source>No such restaurant.</source>
        <translation>Ese restaurante no existe.</translation>
    </message>
    <message>
        <source>Order %1 (expo)</source>
        <translation>Pedido %1 (pase)</translation>
    </message>
    <message>
        <source>Order %1 (%2)</source>
        <translation>Pedido %1 (%2)</translation>
    </message>
    <message>
        <source>No such order.</source>
        <translation>Ese pedido no existe.</translation>
    </message>
    <message>
        <source>That ticket item does not exist.</source>
        <translation>Esa línea de comanda no existe.</translation>
    </message>
    <message>
        <source>Order %1 was cancelled.</source>
        <translation>El pedido %1 se canceló.</translation>
    </message>
    <message>
        <source>Order %1 is held until it is fired.</source>
        <translation>El pedido %1 está retenido hasta que se envíe a cocina.</translation>
    </message>
    <message>
        <source>Order %1 has already left the kitchen.</source>
        <translation>El pedido %1 ya ha salido de cocina.</translation>
    </message>
    <message>
        <source>%1 was already bumped.</source>
        <translation>%1 ya se despachó.</translation>
    </message>
    <message>
        <source>%1 is not bumped; there is nothing to recall.</source>
        <translation>%1 no se ha despachado; no hay nada que recuperar.</translation>
    </message>
    <message>
        <source>Order %1 is %2; only a received order goes to the kitchen.</source>
        <translation>El pedido %1 está en estado %2; solo un pedido recibido pasa a cocina.</translation>
    </message>
    <message>
        <source>%1 is already started.</source>
        <translation>%1 ya se empezó.</translation>
    </message>
    <message>
        <source>Order %1 is not ready yet: a station is still working on it.</source>
        <translation>El pedido %1 aún no está listo: una partida sigue trabajando en él.</translation>
    </message>
    <message>
        <source>There is no bumped ticket to recall.</source>
        <translation>No hay ninguna comanda despachada que recuperar.</translation>
    </message>
</context>
<context>
    <name>KitchenTicketModel</name>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Order %1: %2</source>
        <translation>Pedido %1: %2</translation>
    </message>
</context>
<context>
    <name>KitchenView</name>
    <message>
        <source>the database cannot be reached (%1).</source>
        <translation>no se puede acceder a la base de datos (%1).</translation>
    </message>
    <message>
        <source>something went wrong (%1).</source>
        <translation>algo ha fallado (%1).</translation>
    </message>
    <message>
        <source>%1× %2</source>
        <translation>%1× %2</translation>
    </message>
    <message>
        <source>Bump ⏎</source>
        <translation>Despachar ⏎</translation>
    </message>
    <message>
        <source>↶ Recall</source>
        <translation>↶ Recuperar</translation>
    </message>
    <message>
        <source>Kitchen</source>
        <translation>Cocina</translation>
    </message>
    <message>
        <source>Which tickets this screen shows</source>
        <translation>Qué comandas muestra esta pantalla</translation>
    </message>
    <message>
        <source>Loading the tickets…</source>
        <translation>Cargando las comandas…</translation>
    </message>
    <message>
        <source>Bump the selected ticket (Enter)</source>
        <translation>Despachar la comanda seleccionada (Intro)</translation>
    </message>
    <message>
        <source>Bring back the ticket bumped last (Backspace or R)</source>
        <translation>Recuperar la última comanda despachada (Retroceso o R)</translation>
    </message>
    <message>
        <source>COMING UP</source>
        <translation>PRÓXIMOS</translation>
    </message>
    <message>
        <source>ALL DAY</source>
        <translation>TOTALES</translation>
    </message>
    <message>
        <source>1–9 or arrows: select   ·   Enter: bump   ·   Backspace or R: recall the last bump</source>
        <translation>1–9 o flechas: seleccionar   ·   Intro: despachar   ·   Retroceso o R: recuperar la última</translation>
    </message>
    <message>
        <source>The tickets could not be loaded: %1</source>
        <translation>No se pudieron cargar las comandas: %1</translation>
    </message>
    <message>
        <source>Select a ticket first: a number key, the arrows or a tap.</source>
        <translation>Primero seleccione una comanda: una tecla numérica, las flechas o un toque.</translation>
    </message>
    <message>
        <source>Recalled %1.</source>
        <translation>%1 recuperada.</translation>
    </message>
    <message>
        <source>1 open ticket</source>
        <translation>1 comanda abierta</translation>
    </message>
    <message>
        <source>%1 open tickets</source>
        <translation>%1 comandas abiertas</translation>
    </message>
    <message>
        <source>  ·  oldest %1</source>
        <translation>  ·  la más antigua %1</translation>
    </message>
    <message>
        <source>  ·  %1 coming up</source>
        <translation>  ·  %1 próximos</translation>
    </message>
    <message>
        <source>All stations</source>
        <translation>Todas las estaciones</translation>
    </message>
    <message>
        <source>Expo (whole orders)</source>
        <translation>Pase (pedidos completos)</translation>
    </message>
    <message>
        <source>No pre-orders waiting</source>
        <translation>Ningún prepedido en espera</translation>
    </message>
    <message>
        <source>when seated</source>
        <translation>al sentarse</translation>
    </message>
    <message>
        <source>fire now</source>
        <translation>marchar ya</translation>
    </message>
    <message>
        <source>in %1 min</source>
        <translation>en %1 min</translation>
    </message>
    <message>
        <source>1 guest</source>
        <translation>1 comensal</translation>
    </message>
    <message>
        <source>%1 guests</source>
        <translation>%1 comensales</translation>
    </message>
    <message>
        <source>Nothing to cook</source>
        <translation>Nada que cocinar</translation>
    </message>
    <message>
        <source>Back online — caught up on changes since %1</source>
        <translation>De nuevo en línea — al día con los cambios desde las %1</translation>
    </message>
    <message>
        <source>Offline since %1 — bumps may not be saved and other screens&apos; changes are not shown</source>
        <translation>Sin conexión desde las %1 — puede que los despachos no se guarden y no se ven los cambios de otras pantallas</translation>
    </message>
    <message>
        <source>Back online — catching up on changes since %1…</source>
        <translation>De nuevo en línea — poniéndose al día con los cambios desde las %1…</translation>
    </message>
    <message>
        <source>No open tickets.
New orders appear here as they are fired.</source>
        <translation>No hay comandas abiertas.
Los pedidos nuevos aparecen aquí en cuanto se envían a cocina.</translation>
    </message>
</context>
<context>
    <name>KpiTile</name>
    <message>
        <source>nothing to compare with</source>
        <translation>nada con lo que comparar</translation>
    </message>
    <message>
        <source>before: %1</source>
        <translation>antes: %1</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>sin cambios</translation>
    </message>
    <message>
        <source>▲ %1 %</source>
        <translation>▲ %1 %</translation>
    </message>
    <message>
        <source>▼ %1 %</source>
        <translation>▼ %1 %</translation>
    </message>
    <message>
        <source>%1 · before %2</source>
        <translation>%1 · antes %2</translation>
    </message>
</context>
<context>
    <name>LimitingTcpServer</name>
    <message>
        <source>Request too large</source>
        <translation>Solicitud demasiado grande</translation>
    </message>
    <message>
        <source>Request bodies are limited to %1 KiB.</source>
        <translation>El cuerpo de las solicitudes está limitado a %1 KiB.</translation>
    </message>
    <message>
        <source>Request headers too large</source>
        <translation>Cabeceras de la solicitud demasiado grandes</translation>
    </message>
    <message>
        <source>Request headers are limited to %1 KiB.</source>
        <translation>Las cabeceras de las solicitudes están limitadas a %1 KiB.</translation>
    </message>
</context>
<context>
    <name>LocalPostgres</name>
    <message>
        <source>PostgreSQL&apos;s server programs (initdb, pg_ctl) were not found. Install PostgreSQL 17 (Debian: postgresql-17), or use --database-url.</source>
        <translation>No se han encontrado los programas de servidor de PostgreSQL (initdb, pg_ctl). Instale PostgreSQL 17 (Debian: postgresql-17) o use --database-url.</translation>
    </message>
    <message>
        <source>PostgreSQL cannot run as root and no unprivileged account could be made for it: %1</source>
        <translation>PostgreSQL no puede ejecutarse como root y no se ha podido crear una cuenta sin privilegios para él: %1</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>No se puede ejecutar %1: %2</translation>
    </message>
    <message>
        <source>%1 did not finish in time.</source>
        <translation>%1 no ha terminado a tiempo.</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 ha fallado: %2</translation>
    </message>
    <message>
        <source>PostgreSQL runs as the unprivileged user %1, who cannot enter %2. Choose a data directory outside it (--data-dir), or allow entry with: chmod o+x %2</source>
        <translation>PostgreSQL se ejecuta como el usuario sin privilegios %1, que no puede acceder a %2. Elija un directorio de datos fuera de él (--data-dir) o permita el acceso con: chmod o+x %2</translation>
    </message>
    <message>
        <source>Cannot create %1.</source>
        <translation>No se puede crear %1.</translation>
    </message>
    <message>
        <source>Cannot hand %1 to the user %2.</source>
        <translation>No se puede ceder la propiedad de %1 al usuario %2.</translation>
    </message>
    <message>
        <source>%1 is not empty but holds no PostgreSQL cluster; move its contents away.</source>
        <translation>%1 no está vacío, pero no contiene ningún clúster de PostgreSQL; traslade su contenido a otro lugar.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>No se puede escribir %1.</translation>
    </message>
    <message>
        <source>The local PostgreSQL server did not start. %1
%2</source>
        <translation>El servidor local de PostgreSQL no se ha iniciado. %1
%2</translation>
    </message>
    <message>
        <source>Cannot connect to the local PostgreSQL: %1</source>
        <translation>No se puede conectar con el PostgreSQL local: %1</translation>
    </message>
    <message>
        <source>Cannot create the database: %1</source>
        <translation>No se puede crear la base de datos: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Maitre</source>
        <translation>Maitre</translation>
    </message>
    <message>
        <source>Preparing the database…</source>
        <translation>Preparando la base de datos…</translation>
    </message>
    <message>
        <source>%1 — Maitre</source>
        <translation>%1 — Maitre</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Mesas</translation>
    </message>
    <message>
        <source>● Database connected</source>
        <translation>● Base de datos conectada</translation>
    </message>
    <message>
        <source>● Database unavailable</source>
        <translation>● Base de datos no disponible</translation>
    </message>
    <message>
        <source>Diner page not served</source>
        <translation>Página para comensales no disponible</translation>
    </message>
    <message>
        <source>Diners: %1</source>
        <translation>Comensales: %1</translation>
    </message>
    <message>
        <source>Diners connected: %1</source>
        <translation>Comensales conectados: %1</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Cola</translation>
    </message>
    <message>
        <source>Kitchen</source>
        <translation>Cocina</translation>
    </message>
    <message numerus="yes">
        <source>Printer %1: %2 (%n chit(s) waiting)</source>
        <translation>
            <numerusform>Impresora %1: %2 (%n comanda en espera)</numerusform>
            <numerusform>Impresora %1: %2 (%n comandas en espera)</numerusform>
        </translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Cambiar de usuario</translation>
    </message>
    <message>
        <source>Hand the console to someone else</source>
        <translation>Pasar la consola a otra persona</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <source>Lock the console (Ctrl+L)</source>
        <translation>Bloquear la consola (Ctrl+L)</translation>
    </message>
    <message>
        <source>Ctrl+L</source>
        <translation>Ctrl+L</translation>
    </message>
</context>
<context>
    <name>MenuCsvImporter</name>
    <message>
        <source>A quote is out of place: a field with quotes must start and end with them, and a quote inside it is written twice (&quot;&quot;).</source>
        <translation>Hay unas comillas fuera de lugar: un campo entre comillas debe empezar y terminar con ellas, y unas comillas dentro se escriben dobles (&quot;&quot;).</translation>
    </message>
    <message>
        <source>A quoted field is never closed; add the missing quote (&quot;).</source>
        <translation>Un campo entre comillas no se cierra nunca; añada las comillas que faltan (&quot;).</translation>
    </message>
    <message>
        <source>“%1” is not a price; write it like 12.50.</source>
        <translation>“%1” no es un precio; escríbalo como 12.50.</translation>
    </message>
    <message>
        <source>The price cannot be negative.</source>
        <translation>El precio no puede ser negativo.</translation>
    </message>
    <message>
        <source>The price “%1” has more than two decimals.</source>
        <translation>El precio “%1” tiene más de dos decimales.</translation>
    </message>
    <message>
        <source>The price can be at most 10000.00.</source>
        <translation>El precio puede ser como máximo 10000.00.</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text; save it as CSV UTF-8.</source>
        <translation>El archivo no es texto UTF-8; guárdelo como CSV UTF-8.</translation>
    </message>
    <message>
        <source>The file is empty; it needs a header row and menu rows.</source>
        <translation>El archivo está vacío; necesita una fila de cabecera y filas de la carta.</translation>
    </message>
    <message>
        <source>Unknown column “%1”; the columns are %2.</source>
        <translation>Columna desconocida “%1”; las columnas son %2.</translation>
    </message>
    <message>
        <source>The column “%1” appears twice.</source>
        <translation>La columna “%1” aparece dos veces.</translation>
    </message>
    <message>
        <source>The header has no “%1” column.</source>
        <translation>La cabecera no tiene la columna “%1”.</translation>
    </message>
    <message>
        <source>The file has a header but no menu rows.</source>
        <translation>El archivo tiene cabecera pero ninguna fila de la carta.</translation>
    </message>
    <message>
        <source>The row has %1 fields but the header has %2.</source>
        <translation>La fila tiene %1 campos pero la cabecera tiene %2.</translation>
    </message>
    <message>
        <source>“%1” is empty.</source>
        <translation>“%1” está vacío.</translation>
    </message>
    <message>
        <source>The category can have at most 80 characters.</source>
        <translation>La categoría puede tener como máximo 80 caracteres.</translation>
    </message>
    <message>
        <source>The name can have at most 120 characters.</source>
        <translation>El nombre puede tener como máximo 120 caracteres.</translation>
    </message>
    <message>
        <source>“%1” is already on line %2; each item once.</source>
        <translation>“%1” ya está en la línea %2; cada plato una sola vez.</translation>
    </message>
    <message>
        <source>The description can have at most 1000 characters.</source>
        <translation>La descripción puede tener como máximo 1000 caracteres.</translation>
    </message>
    <message>
        <source>“%1” is not a preparation time; write whole minutes from 0 to 240.</source>
        <translation>“%1” no es un tiempo de preparación; escriba minutos enteros de 0 a 240.</translation>
    </message>
    <message>
        <source>“%1” is not a station name; use up to 40 letters, digits, spaces, dashes or underscores, such as grill.</source>
        <translation>“%1” no es un nombre de puesto; use hasta 40 letras, cifras, espacios, guiones o guiones bajos, como grill.</translation>
    </message>
    <message>
        <source>An item can have at most 10 tags.</source>
        <translation>Un plato puede tener como máximo 10 etiquetas.</translation>
    </message>
    <message>
        <source>The tag “%1” is longer than 30 characters.</source>
        <translation>La etiqueta “%1” tiene más de 30 caracteres.</translation>
    </message>
    <message>
        <source>“%1” is not yes or no.</source>
        <translation>“%1” no es yes ni no.</translation>
    </message>
</context>
<context>
    <name>MenuEditorPage</name>
    <message>
        <source>Menu</source>
        <translation>Carta</translation>
    </message>
    <message>
        <source>Categories and dishes as diners and the kitchen see them. “86” takes a dish off the diner page at once, without editing it.</source>
        <translation>Categorías y platos tal como los ven los comensales y la cocina. “86” (agotado) retira un plato de la página para comensales al instante, sin editarlo.</translation>
    </message>
    <message>
        <source>+ Category</source>
        <translation>+ Categoría</translation>
    </message>
    <message>
        <source>+ Dish</source>
        <translation>+ Plato</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>Importar CSV…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Eliminar…</translation>
    </message>
    <message>
        <source>On the menu (not 86&apos;d)</source>
        <translation>En la carta (no agotado)</translation>
    </message>
    <message>
        <source>Dish</source>
        <translation>Plato</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Precio</translation>
    </message>
    <message>
        <source>Station</source>
        <translation>Puesto</translation>
    </message>
    <message>
        <source>Availability</source>
        <translation>Disponibilidad</translation>
    </message>
    <message>
        <source>Add or update dishes from a CSV file (see docs/menu-import.md)</source>
        <translation>Añadir o actualizar platos desde un archivo CSV (consulte docs/menu-import.md)</translation>
    </message>
    <message>
        <source>Select a category or a dish to change it, or add a new one.</source>
        <translation>Seleccione una categoría o un plato para modificarlo, o añada uno nuevo.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>e.g. vegetarian, gluten-free</source>
        <translation>p. ej. vegetariano, sin gluten</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Categoría</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Descripción</translation>
    </message>
    <message>
        <source>Preparation</source>
        <translation>Preparación</translation>
    </message>
    <message>
        <source>Dietary tags</source>
        <translation>Etiquetas dietéticas</translation>
    </message>
    <message>
        <source>1 dish</source>
        <translation>1 plato</translation>
    </message>
    <message>
        <source>%1 dishes</source>
        <translation>%1 platos</translation>
    </message>
    <message>
        <source>On menu</source>
        <translation>En la carta</translation>
    </message>
    <message>
        <source>86&apos;d</source>
        <translation>Agotado</translation>
    </message>
    <message>
        <source>Click to 86: take the dish off the diner page now</source>
        <translation>Haga clic para marcar como agotado (86): el plato desaparece ya de la página para comensales</translation>
    </message>
    <message>
        <source>86&apos;d: diners cannot order it. Click to bring it back.</source>
        <translation>Agotado (86): los comensales no pueden pedirlo. Haga clic para volver a ofrecerlo.</translation>
    </message>
    <message>
        <source>%1 is back on the menu.</source>
        <translation>%1 vuelve a estar en la carta.</translation>
    </message>
    <message>
        <source>%1 is 86&apos;d: diners no longer see it.</source>
        <translation>%1 está agotado (86): los comensales ya no lo ven.</translation>
    </message>
    <message>
        <source>Nothing selected</source>
        <translation>Nada seleccionado</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>Nueva categoría</translation>
    </message>
    <message>
        <source>Remove category…</source>
        <translation>Eliminar categoría…</translation>
    </message>
    <message>
        <source>Add category</source>
        <translation>Añadir categoría</translation>
    </message>
    <message>
        <source>Save category</source>
        <translation>Guardar categoría</translation>
    </message>
    <message>
        <source>New dish</source>
        <translation>Nuevo plato</translation>
    </message>
    <message>
        <source>Remove dish…</source>
        <translation>Eliminar plato…</translation>
    </message>
    <message>
        <source>Add dish</source>
        <translation>Añadir plato</translation>
    </message>
    <message>
        <source>Save dish</source>
        <translation>Guardar plato</translation>
    </message>
    <message>
        <source>Enter the category&apos;s name.</source>
        <translation>Escriba el nombre de la categoría.</translation>
    </message>
    <message>
        <source>Use at most 80 characters.</source>
        <translation>Use como máximo 80 caracteres.</translation>
    </message>
    <message>
        <source>Choose a category; add one first if there is none.</source>
        <translation>Elija una categoría; si no hay ninguna, añada una primero.</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked in red first.</source>
        <translation>No se ha guardado nada: corrija primero los campos marcados en rojo.</translation>
    </message>
    <message>
        <source>Category %1 saved.</source>
        <translation>Categoría %1 guardada.</translation>
    </message>
    <message>
        <source>%1 saved; diners see the change now.</source>
        <translation>%1 guardado; los comensales ya ven el cambio.</translation>
    </message>
    <message>
        <source>Remove category</source>
        <translation>Eliminar categoría</translation>
    </message>
    <message>
        <source>Remove the category %1? Only an empty category can be removed.</source>
        <translation>¿Eliminar la categoría %1? Solo se puede eliminar una categoría vacía.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Conservar</translation>
    </message>
    <message>
        <source>Category %1 removed.</source>
        <translation>Categoría %1 eliminada.</translation>
    </message>
    <message>
        <source>Remove dish</source>
        <translation>Eliminar plato</translation>
    </message>
    <message>
        <source>Remove %1 from the menu? To take it off for today only, 86 it instead.</source>
        <translation>¿Eliminar %1 de la carta? Para retirarlo solo por hoy, márquelo como agotado (86).</translation>
    </message>
    <message>
        <source>%1 removed from the menu.</source>
        <translation>%1 eliminado de la carta.</translation>
    </message>
    <message>
        <source>Import a menu</source>
        <translation>Importar una carta</translation>
    </message>
    <message>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message numerus="yes">
        <source>Nothing was imported: the file has %n problem(s). Correct them and import it again.</source>
        <translation>
            <numerusform>No se ha importado nada: el archivo tiene %n problema. Corríjalo e importe el archivo de nuevo.</numerusform>
            <numerusform>No se ha importado nada: el archivo tiene %n problemas. Corríjalos e importe el archivo de nuevo.</numerusform>
        </translation>
    </message>
    <message>
        <source>Problems in the menu file</source>
        <translation>Problemas en el archivo de la carta</translation>
    </message>
    <message>
        <source>Nothing was imported. Correct these lines in %1 and import it again:</source>
        <translation>No se ha importado nada. Corrija estas líneas en %1 e impórtelo de nuevo:</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Línea %1: %2</translation>
    </message>
    <message>
        <source>Line %1, %2: %3</source>
        <translation>Línea %1, %2: %3</translation>
    </message>
    <message>
        <source>Nothing was imported: the file has no dishes.</source>
        <translation>No se ha importado nada: el archivo no tiene platos.</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n dish(es).</source>
        <translation>
            <numerusform>Se ha importado %n plato.</numerusform>
            <numerusform>Se han importado %n platos.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MenuService</name>
    <message>
        <source>Enter the category&apos;s name.</source>
        <translation>Escriba el nombre de la categoría.</translation>
    </message>
    <message>
        <source>A category&apos;s name can have at most 80 characters.</source>
        <translation>El nombre de una categoría puede tener como máximo 80 caracteres.</translation>
    </message>
    <message>
        <source>No such menu item.</source>
        <translation>No existe ese plato.</translation>
    </message>
    <message>
        <source>Enter the item&apos;s name.</source>
        <translation>Escriba el nombre del plato.</translation>
    </message>
    <message>
        <source>An item&apos;s name can have at most 120 characters.</source>
        <translation>El nombre de un plato puede tener como máximo 120 caracteres.</translation>
    </message>
    <message>
        <source>The description can have at most 1000 characters.</source>
        <translation>La descripción puede tener como máximo 1000 caracteres.</translation>
    </message>
    <message>
        <source>The price must be between 0.00 and 10000.00.</source>
        <translation>El precio debe estar entre 0.00 y 10000.00.</translation>
    </message>
    <message>
        <source>The preparation time must be between 0 and 240 minutes.</source>
        <translation>El tiempo de preparación debe estar entre 0 y 240 minutos.</translation>
    </message>
    <message>
        <source>Enter the kitchen station (up to 40 letters, digits, spaces, dashes or underscores), such as grill.</source>
        <translation>Escriba el puesto de cocina (hasta 40 letras, cifras, espacios, guiones o guiones bajos), como grill.</translation>
    </message>
    <message>
        <source>An item can have at most 10 tags.</source>
        <translation>Un plato puede tener como máximo 10 etiquetas.</translation>
    </message>
    <message>
        <source>Each tag must have 1 to 30 characters.</source>
        <translation>Cada etiqueta debe tener de 1 a 30 caracteres.</translation>
    </message>
    <message>
        <source>There is already a category named “%1”.</source>
        <translation>Ya hay una categoría llamada “%1”.</translation>
    </message>
    <message>
        <source>No such menu category.</source>
        <translation>No existe esa categoría.</translation>
    </message>
    <message numerus="yes">
        <source>“%1” still has %n item(s); move or remove them first.</source>
        <translation>
            <numerusform>“%1” aún tiene %n plato; muévalo o elimínelo primero.</numerusform>
            <numerusform>“%1” aún tiene %n platos; muévalos o elimínelos primero.</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose one of the menu&apos;s categories for the item.</source>
        <translation>Elija una de las categorías de la carta para el plato.</translation>
    </message>
    <message>
        <source>There is already an item named “%1”.</source>
        <translation>Ya hay un plato llamado “%1”.</translation>
    </message>
    <message>
        <source>“%1” has been ordered before, so it stays on record; mark it unavailable instead.</source>
        <translation>“%1” ya se ha pedido antes, así que se conserva en el registro; márquelo como no disponible.</translation>
    </message>
    <message>
        <source>There are no menu rows to import.</source>
        <translation>No hay filas de la carta que importar.</translation>
    </message>
    <message>
        <source>“%1” is already on line %2.</source>
        <translation>“%1” ya está en la línea %2.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Línea %1: %2</translation>
    </message>
</context>
<context>
    <name>Migrator</name>
    <message>
        <source>The database is at schema version %1, newer than this Maitre understands (%2). Install a newer Maitre to use it.</source>
        <translation>La base de datos está en la versión de esquema %1, más reciente que la que admite esta versión de Maitre (%2). Instale una versión más reciente de Maitre para usarla.</translation>
    </message>
</context>
<context>
    <name>MoneySettingsPage</name>
    <message>
        <source>Tax and delivery</source>
        <translation>Impuestos y reparto</translation>
    </message>
    <message>
        <source>What is added to every bill and what delivery costs.</source>
        <translation>Lo que se añade a cada cuenta y lo que cuesta el reparto a domicilio.</translation>
    </message>
    <message>
        <source> km</source>
        <translation> km</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Impuestos</translation>
    </message>
    <message>
        <source>Tax rate</source>
        <translation>Tipo de impuesto</translation>
    </message>
    <message>
        <source>Menu prices include it; receipts show it separately.</source>
        <translation>Los precios de la carta lo incluyen; los tiques lo muestran por separado.</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>Reparto a domicilio</translation>
    </message>
    <message>
        <source>Delivery fee</source>
        <translation>Gasto de envío</translation>
    </message>
    <message>
        <source>Delivers within</source>
        <translation>Reparto en un radio de</translation>
    </message>
    <message>
        <source>Addresses farther than this from the restaurant are refused when ordering.</source>
        <translation>Al hacer un pedido se rechazan las direcciones que superen esta distancia desde el restaurante.</translation>
    </message>
    <message>
        <source>The tax rate is between 0 % and 50 %.</source>
        <translation>El tipo de impuesto debe estar entre el 0 % y el 50 %.</translation>
    </message>
    <message>
        <source>The delivery fee is between 0.00 and 100.00.</source>
        <translation>El gasto de envío debe estar entre 0.00 y 100.00.</translation>
    </message>
    <message>
        <source>The delivery radius is between 0.1 and 50 km.</source>
        <translation>El radio de reparto debe estar entre 0.1 y 50 km.</translation>
    </message>
    <message>
        <source>latitude, longitude (e.g. 40.4153, -3.7074)</source>
        <translation>latitud, longitud (p. ej. 40.4153, -3.7074)</translation>
    </message>
    <message>
        <source>Restaurant location</source>
        <translation>Ubicación del restaurante</translation>
    </message>
    <message>
        <source>The centre of the delivery zone, in degrees. Leave it empty to take no delivery orders.</source>
        <translation>El centro de la zona de reparto, en grados. Déjelo vacío para no aceptar pedidos a domicilio.</translation>
    </message>
    <message>
        <source>Enter the latitude and longitude in degrees, separated by a comma (e.g. 40.4153, -3.7074).</source>
        <translation>Escriba la latitud y la longitud en grados, separadas por una coma (p. ej. 40.4153, -3.7074).</translation>
    </message>
</context>
<context>
    <name>NominatimGeocoder</name>
    <message>
        <source>The geocoder was shut down.</source>
        <translation>El geocodificador se ha detenido.</translation>
    </message>
    <message>
        <source>The delivery address has no street.</source>
        <translation>La dirección de entrega no tiene calle.</translation>
    </message>
    <message>
        <source>The address lookup did not answer in time. Try again.</source>
        <translation>La búsqueda de direcciones no ha respondido a tiempo. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The address lookup cannot be reached. Try again.</source>
        <translation>No se puede acceder a la búsqueda de direcciones. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The address lookup is not working right now (HTTP %1). Try again.</source>
        <translation>La búsqueda de direcciones no funciona en este momento (HTTP %1). Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The address lookup gave an answer Maitre does not understand.</source>
        <translation>La búsqueda de direcciones ha dado una respuesta que Maitre no entiende.</translation>
    </message>
    <message>
        <source>No place was found for “%1”. Check the street, the number and the postcode.</source>
        <translation>No se ha encontrado ningún lugar para “%1”. Compruebe la calle, el número y el código postal.</translation>
    </message>
</context>
<context>
    <name>OfflineGeocoder</name>
    <message>
        <source>The delivery address has no street.</source>
        <translation>La dirección de entrega no tiene calle.</translation>
    </message>
    <message>
        <source>“%1” is not on the offline map. Check the street name, or use one of the demo streets.</source>
        <translation>“%1” no está en el mapa sin conexión. Compruebe el nombre de la calle o use una de las calles de demostración.</translation>
    </message>
    <message>
        <source>Add the house number to the street.</source>
        <translation>Añada el número del portal a la calle.</translation>
    </message>
    <message>
        <source>%1 has no number %2 on the offline map (it runs from %3 to %4).</source>
        <translation>%1 no tiene el número %2 en el mapa sin conexión (va del %3 al %4).</translation>
    </message>
</context>
<context>
    <name>OfflinePaymentProvider</name>
    <message>
        <source>The amount to charge must be positive.</source>
        <translation>El importe que se cobra debe ser positivo.</translation>
    </message>
    <message>
        <source>The currency must be a three-letter ISO 4217 code.</source>
        <translation>La moneda debe ser un código ISO 4217 de tres letras.</translation>
    </message>
    <message>
        <source>The card details are missing: no payment token.</source>
        <translation>Faltan los datos de la tarjeta: no hay token de pago.</translation>
    </message>
    <message>
        <source>This idempotency key was already used for a different payment.</source>
        <translation>Esta clave de idempotencia ya se usó para otro pago.</translation>
    </message>
    <message>
        <source>The card was declined (drill).</source>
        <translation>La tarjeta ha sido rechazada (simulacro).</translation>
    </message>
    <message>
        <source>The payment provider did not answer in time (drill). Try again.</source>
        <translation>El proveedor de pagos no ha respondido a tiempo (simulacro). Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>This idempotency key was already used for a different refund.</source>
        <translation>Esta clave de idempotencia ya se usó para otro reembolso.</translation>
    </message>
    <message>
        <source>The payment provider does not know this payment.</source>
        <translation>El proveedor de pagos no conoce este pago.</translation>
    </message>
    <message>
        <source>This payment was already refunded.</source>
        <translation>Este pago ya se ha reembolsado.</translation>
    </message>
</context>
<context>
    <name>OpenAiChatModel</name>
    <message>
        <source>The language model connection was closed.</source>
        <translation>Se ha cerrado la conexión con el modelo de lenguaje.</translation>
    </message>
    <message>
        <source>The answer was stopped.</source>
        <translation>Se ha detenido la respuesta.</translation>
    </message>
    <message>
        <source>The language model&apos;s address “%1” is not an http(s) URL.</source>
        <translation>La dirección del modelo de lenguaje «%1» no es una URL http(s).</translation>
    </message>
    <message>
        <source>The language model&apos;s answer is too large to read.</source>
        <translation>La respuesta del modelo de lenguaje es demasiado grande para leerla.</translation>
    </message>
    <message>
        <source>The language model sent a stream Maitre cannot read (a line without end).</source>
        <translation>El modelo de lenguaje ha enviado un flujo que Maitre no puede leer (una línea sin final).</translation>
    </message>
    <message>
        <source>The language model sent a stream Maitre cannot read: %1.</source>
        <translation>El modelo de lenguaje ha enviado un flujo que Maitre no puede leer: %1.</translation>
    </message>
    <message>
        <source>The language model stopped with an error: %1</source>
        <translation>El modelo de lenguaje se ha detenido con un error: %1</translation>
    </message>
    <message>
        <source>The language model sent an answer Maitre cannot read: %1.</source>
        <translation>El modelo de lenguaje ha enviado una respuesta que Maitre no puede leer: %1.</translation>
    </message>
    <message>
        <source>The language model&apos;s answer had no choices in it.</source>
        <translation>La respuesta del modelo de lenguaje no contenía ninguna opción.</translation>
    </message>
    <message>
        <source>The language model&apos;s answer ended before it was complete.</source>
        <translation>La respuesta del modelo de lenguaje terminó antes de estar completa.</translation>
    </message>
    <message>
        <source>The language model&apos;s answer broke off: %1</source>
        <translation>La respuesta del modelo de lenguaje se ha interrumpido: %1</translation>
    </message>
    <message>
        <source>The language model at %1 cannot be reached: %2</source>
        <translation>No se puede conectar con el modelo de lenguaje en %1: %2</translation>
    </message>
    <message>
        <source>The language model at %1 did not answer within %2 s.</source>
        <translation>El modelo de lenguaje en %1 no ha respondido en %2 s.</translation>
    </message>
    <message>
        <source>The language model at %1 refused the API key (HTTP %2). Check the key in Settings → Providers.</source>
        <translation>El modelo de lenguaje en %1 ha rechazado la clave de API (HTTP %2). Compruebe la clave en Configuración → Proveedores.</translation>
    </message>
    <message>
        <source>The language model at %1 does not know the model “%2” or the address (HTTP 404): %3</source>
        <translation>El modelo de lenguaje en %1 no conoce el modelo «%2» o la dirección (HTTP 404): %3</translation>
    </message>
    <message>
        <source>The language model at %1 is limiting requests (HTTP 429). Try again in a moment.</source>
        <translation>El modelo de lenguaje en %1 está limitando las peticiones (HTTP 429). Vuelva a intentarlo en un momento.</translation>
    </message>
    <message>
        <source>The language model at %1 has a problem (HTTP %2): %3</source>
        <translation>El modelo de lenguaje en %1 tiene un problema (HTTP %2): %3</translation>
    </message>
    <message>
        <source>The language model at %1 refused the request (HTTP %2): %3</source>
        <translation>El modelo de lenguaje en %1 ha rechazado la petición (HTTP %2): %3</translation>
    </message>
</context>
<context>
    <name>OrderController</name>
    <message>
        <source>Not taking orders</source>
        <translation>No se aceptan pedidos</translation>
    </message>
    <message>
        <source>Online orders are not open yet. Please try again soon.</source>
        <translation>Los pedidos en línea aún no están abiertos. Vuelva a intentarlo en breve.</translation>
    </message>
    <message>
        <source>Malformed request</source>
        <translation>Solicitud mal formada</translation>
    </message>
    <message>
        <source>There is no order with that link.</source>
        <translation>No hay ningún pedido con ese enlace.</translation>
    </message>
</context>
<context>
    <name>OrderExporter</name>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Artículos</translation>
    </message>
    <message>
        <source>Subtotal</source>
        <translation>Subtotal</translation>
    </message>
    <message>
        <source>Tax</source>
        <translation>Impuestos</translation>
    </message>
    <message>
        <source>Delivery fee</source>
        <translation>Gasto de envío</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Payment</source>
        <translation>Pago</translation>
    </message>
    <message>
        <source>Payment status</source>
        <translation>Estado del pago</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Creado</translation>
    </message>
    <message>
        <source>Cancel reason</source>
        <translation>Motivo de cancelación</translation>
    </message>
    <message>
        <source>The spreadsheet could not be started.</source>
        <translation>No se ha podido crear la hoja de cálculo.</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>The spreadsheet could not be written: %1</source>
        <translation>No se ha podido escribir la hoja de cálculo: %1</translation>
    </message>
    <message>
        <source>Say which file to export to.</source>
        <translation>Indique el archivo al que exportar.</translation>
    </message>
    <message>
        <source>%1 is a folder, not a file.</source>
        <translation>%1 es una carpeta, no un archivo.</translation>
    </message>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>La carpeta %1 no existe.</translation>
    </message>
    <message>
        <source>%1 could not be written: %2</source>
        <translation>No se ha podido escribir %1: %2</translation>
    </message>
    <message>
        <source>Give the day as YYYY-MM-DD.</source>
        <translation>Indique el día en formato AAAA-MM-DD.</translation>
    </message>
    <message>
        <source>There is no such restaurant.</source>
        <translation>Ese restaurante no existe.</translation>
    </message>
</context>
<context>
    <name>OrderJson</name>
    <message>
        <source>%1 must be %2.</source>
        <translation>%1 debe ser %2.</translation>
    </message>
    <message>
        <source>a text</source>
        <translation>un texto</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un número entero</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objeto</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>una lista</translation>
    </message>
    <message>
        <source>The request body is not a JSON object.</source>
        <translation>El cuerpo de la solicitud no es un objeto JSON.</translation>
    </message>
</context>
<context>
    <name>OrderListModel</name>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Artículos</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Antigüedad</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>Takeout</source>
        <translation>Para llevar</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>A domicilio</translation>
    </message>
    <message>
        <source>Dine-in</source>
        <translation>En sala</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Pre-order</source>
        <translation>Pedido anticipado</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Retenido</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nuevo</translation>
    </message>
    <message>
        <source>Preparing</source>
        <translation>En preparación</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>Servido</translation>
    </message>
    <message>
        <source>Picked up</source>
        <translation>Recogido</translation>
    </message>
    <message>
        <source>Out for delivery</source>
        <translation>En reparto</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Entregado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>%1× %2</source>
        <translation>%1× %2</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
</context>
<context>
    <name>OrderService</name>
    <message>
        <source>The request was cancelled; please try again.</source>
        <translation>La solicitud se canceló; vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>There is no such order.</source>
        <translation>Ese pedido no existe.</translation>
    </message>
    <message>
        <source>Order %1 is not a delivery.</source>
        <translation>El pedido %1 no es a domicilio.</translation>
    </message>
    <message>
        <source>The kitchen is still working on order %1; it is ready once its tickets are bumped.</source>
        <translation>La cocina sigue trabajando en el pedido %1; estará listo cuando se despachen sus comandas.</translation>
    </message>
    <message>
        <source>Send an Idempotency-Key header, so a retried order is never made twice.</source>
        <translation>Envíe una cabecera Idempotency-Key para que un pedido reintentado nunca se cree dos veces.</translation>
    </message>
    <message>
        <source>The Idempotency-Key must be printable and at most %1 characters.</source>
        <translation>La Idempotency-Key debe contener solo caracteres imprimibles y tener como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>The kind of order must be takeout, delivery, dine_in or voice.</source>
        <translation>El tipo de pedido debe ser takeout, delivery, dine_in o voice.</translation>
    </message>
    <message>
        <source>An order comes from web, voice or counter.</source>
        <translation>Un pedido procede de web, voice o counter.</translation>
    </message>
    <message>
        <source>Please tell us a name for the order.</source>
        <translation>Indíquenos un nombre para el pedido.</translation>
    </message>
    <message>
        <source>The name is too long (at most %1 characters).</source>
        <translation>El nombre es demasiado largo (como máximo %1 caracteres).</translation>
    </message>
    <message>
        <source>The name contains characters we cannot show.</source>
        <translation>El nombre contiene caracteres que no podemos mostrar.</translation>
    </message>
    <message>
        <source>Please give a phone number, so the driver can call you.</source>
        <translation>Indique un número de teléfono para que el repartidor pueda llamarle.</translation>
    </message>
    <message>
        <source>That does not look like a phone number.</source>
        <translation>Eso no parece un número de teléfono.</translation>
    </message>
    <message>
        <source>Please tell us where to deliver the order.</source>
        <translation>Indíquenos dónde entregar el pedido.</translation>
    </message>
    <message>
        <source>Please fill in the street and the city.</source>
        <translation>Rellene la calle y la ciudad.</translation>
    </message>
    <message>
        <source>Each line of the address must be printable and at most %1 characters.</source>
        <translation>Cada línea de la dirección debe contener solo caracteres imprimibles y tener como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>An order needs at least one dish.</source>
        <translation>Un pedido necesita al menos un plato.</translation>
    </message>
    <message>
        <source>An order has at most %1 lines.</source>
        <translation>Un pedido tiene como máximo %1 líneas.</translation>
    </message>
    <message>
        <source>Choose a dish from the menu.</source>
        <translation>Elija un plato de la carta.</translation>
    </message>
    <message>
        <source>Quantity must be from 1 to %1.</source>
        <translation>La cantidad debe ser de 1 a %1.</translation>
    </message>
    <message>
        <source>Notes are limited to %1 characters.</source>
        <translation>Las notas tienen un límite de %1 caracteres.</translation>
    </message>
    <message>
        <source>The note contains characters we cannot show.</source>
        <translation>La nota contiene caracteres que no podemos mostrar.</translation>
    </message>
    <message>
        <source>A dish has at most %1 modifiers.</source>
        <translation>Un plato admite como máximo %1 modificadores.</translation>
    </message>
    <message>
        <source>Each modifier must be a text of at most %1 characters.</source>
        <translation>Cada modificador debe ser un texto de como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>Pay by card, or at the counter when you collect.</source>
        <translation>Pague con tarjeta, o en el mostrador al recogerlo.</translation>
    </message>
    <message>
        <source>The card details are missing.</source>
        <translation>Faltan los datos de la tarjeta.</translation>
    </message>
    <message>
        <source>The card details are not valid.</source>
        <translation>Los datos de la tarjeta no son válidos.</translation>
    </message>
    <message>
        <source>Order at %1</source>
        <translation>Pedido en %1</translation>
    </message>
    <message>
        <source>We could not find that address.</source>
        <translation>No hemos encontrado esa dirección.</translation>
    </message>
    <message>
        <source>That address is %1 km away; we deliver up to %2 km from the restaurant.</source>
        <translation>Esa dirección está a %1 km; repartimos hasta %2 km del restaurante.</translation>
    </message>
    <message>
        <source>Choose a day.</source>
        <translation>Elija un día.</translation>
    </message>
    <message>
        <source>Cancel an order with a reason, through cancel.</source>
        <translation>Cancele un pedido indicando un motivo, mediante cancel.</translation>
    </message>
    <message>
        <source>Say why the order is cancelled.</source>
        <translation>Indique por qué se cancela el pedido.</translation>
    </message>
    <message>
        <source>The reason must be printable and at most %1 characters.</source>
        <translation>El motivo debe contener solo caracteres imprimibles y tener como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>This Idempotency-Key was already used for a different order.</source>
        <translation>Esta Idempotency-Key ya se usó para otro pedido.</translation>
    </message>
    <message>
        <source>No such restaurant.</source>
        <translation>Ese restaurante no existe.</translation>
    </message>
    <message>
        <source>This restaurant does not take delivery orders yet; please order takeout.</source>
        <translation>Este restaurante aún no acepta pedidos a domicilio; haga un pedido para llevar.</translation>
    </message>
    <message>
        <source>There is no dish %1 on the menu.</source>
        <translation>No hay ningún plato %1 en la carta.</translation>
    </message>
    <message>
        <source>%1 is not available right now.</source>
        <translation>%1 no está disponible ahora mismo.</translation>
    </message>
</context>
<context>
    <name>OrderStatus</name>
    <message>
        <source>An order that is %1 cannot become %2.</source>
        <translation>Un pedido en estado %1 no puede pasar a %2.</translation>
    </message>
    <message>
        <source>An order that is %1 cannot go back to preparing.</source>
        <translation>Un pedido en estado %1 no puede volver a preparación.</translation>
    </message>
</context>
<context>
    <name>OrdersView</name>
    <message>
        <source>the database cannot be reached (%1). Try again in a moment.</source>
        <translation>no se puede acceder a la base de datos (%1). Inténtelo de nuevo en un momento.</translation>
    </message>
    <message>
        <source>something went wrong (%1).</source>
        <translation>algo ha fallado (%1).</translation>
    </message>
    <message>
        <source>Select an order to see its details.</source>
        <translation>Seleccione un pedido para ver sus detalles.</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>Cancelar…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportar…</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>Pedidos</translation>
    </message>
    <message>
        <source>Loading today&apos;s orders…</source>
        <translation>Cargando los pedidos de hoy…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abiertos</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminados</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelados</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>Every kind</source>
        <translation>Todos los tipos</translation>
    </message>
    <message>
        <source>Save a day&apos;s orders as a CSV or Excel file</source>
        <translation>Guardar los pedidos de un día como archivo CSV o Excel</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Mostrar</translation>
    </message>
    <message>
        <source>Pre-order</source>
        <translation>Pedido anticipado</translation>
    </message>
    <message>
        <source>Out for delivery</source>
        <translation>En reparto</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Qty</source>
        <translation>Cant.</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Plato</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Importe</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>Listo</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>Servido</translation>
    </message>
    <message>
        <source>Picked up</source>
        <translation>Recogido</translation>
    </message>
    <message>
        <source>Delivered</source>
        <translation>Entregado</translation>
    </message>
    <message>
        <source>Cancel the order, with a reason (a card payment is refunded)</source>
        <translation>Cancelar el pedido, indicando un motivo (se reembolsa el pago con tarjeta)</translation>
    </message>
    <message>
        <source>The orders could not be loaded: %1</source>
        <translation>No se han podido cargar los pedidos: %1</translation>
    </message>
    <message>
        <source>Your role may not cancel orders</source>
        <translation>Su rol no permite cancelar pedidos</translation>
    </message>
    <message>
        <source>Your role may not export orders</source>
        <translation>Su rol no permite exportar pedidos</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · &lt;span style=&quot;color:#3c4043&quot;&gt;%2&lt;/span&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · &lt;span style=&quot;color:#3c4043&quot;&gt;%2&lt;/span&gt;</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sin nombre)</translation>
    </message>
    <message>
        <source>Phone: %1</source>
        <translation>Teléfono: %1</translation>
    </message>
    <message>
        <source>Deliver to: %1, %2 %3</source>
        <translation>Entregar en: %1, %2 %3</translation>
    </message>
    <message>
        <source>Card (%1)</source>
        <translation>Tarjeta (%1)</translation>
    </message>
    <message>
        <source>paid</source>
        <translation>pagado</translation>
    </message>
    <message>
        <source>Pay at the counter</source>
        <translation>Pagar en el mostrador</translation>
    </message>
    <message>
        <source>Payment: %1</source>
        <translation>Pago: %1</translation>
    </message>
    <message>
        <source>Placed %1</source>
        <translation>Realizado %1</translation>
    </message>
    <message>
        <source> · due %1</source>
        <translation> · para %1</translation>
    </message>
    <message>
        <source> · updated %1</source>
        <translation> · actualizado %1</translation>
    </message>
    <message>
        <source>&lt;span style=&quot;color:#a51d16&quot;&gt;Cancelled: %1&lt;/span&gt;</source>
        <translation>&lt;span style=&quot;color:#a51d16&quot;&gt;Cancelado: %1&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Note: %1</source>
        <translation>Nota: %1</translation>
    </message>
    <message>
        <source>Subtotal %1</source>
        <translation>Subtotal %1</translation>
    </message>
    <message>
        <source>Tax %1</source>
        <translation>Impuestos %1</translation>
    </message>
    <message>
        <source>Delivery %1</source>
        <translation>Envío %1</translation>
    </message>
    <message>
        <source>Total %1</source>
        <translation>Total %1</translation>
    </message>
    <message>
        <source>1 order today</source>
        <translation>1 pedido hoy</translation>
    </message>
    <message>
        <source>%1 orders today</source>
        <translation>%1 pedidos hoy</translation>
    </message>
    <message>
        <source>%1 open</source>
        <translation>%1 en curso</translation>
    </message>
    <message>
        <source>revenue %1</source>
        <translation>ingresos %1</translation>
    </message>
    <message>
        <source>average %1</source>
        <translation>media %1</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>cancelados: %1</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Order %1 could not be moved</source>
        <translation>No se ha podido mover el pedido %1</translation>
    </message>
    <message>
        <source>Order %1: %2.</source>
        <translation>Pedido %1: %2.</translation>
    </message>
    <message>
        <source>Cancel order %1</source>
        <translation>Cancelar el pedido %1</translation>
    </message>
    <message>
        <source>Why is order %1 cancelled? The card payment will be refunded.</source>
        <translation>¿Por qué se cancela el pedido %1? Se reembolsará el pago con tarjeta.</translation>
    </message>
    <message>
        <source>Why is order %1 cancelled?</source>
        <translation>¿Por qué se cancela el pedido %1?</translation>
    </message>
    <message>
        <source>Cancel order</source>
        <translation>Cancelar pedido</translation>
    </message>
    <message>
        <source>Keep order</source>
        <translation>Mantener pedido</translation>
    </message>
    <message>
        <source>Order %1 was not cancelled: give a reason.</source>
        <translation>El pedido %1 no se ha cancelado: indique un motivo.</translation>
    </message>
    <message>
        <source>Order %1 could not be cancelled</source>
        <translation>No se ha podido cancelar el pedido %1</translation>
    </message>
    <message>
        <source>Order %1 was cancelled.</source>
        <translation>El pedido %1 se canceló.</translation>
    </message>
    <message>
        <source>Export orders</source>
        <translation>Exportar pedidos</translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation>Libro de Excel (.xlsx)</translation>
    </message>
    <message>
        <source>CSV, comma-separated (.csv)</source>
        <translation>CSV, separado por comas (.csv)</translation>
    </message>
    <message>
        <source>orders-%1.%2</source>
        <translation>pedidos-%1.%2</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Export orders to</source>
        <translation>Exportar pedidos a</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Día</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Archivo</translation>
    </message>
    <message numerus="yes">
        <source>Exported %n order(s) of %1 to %2.</source>
        <translation>
            <numerusform>Se ha exportado %n pedido del %1 a %2.</numerusform>
            <numerusform>Se han exportado %n pedidos del %1 a %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>The orders could not be exported: %1</source>
        <translation>No se han podido exportar los pedidos: %1</translation>
    </message>
</context>
<context>
    <name>PartyListModel</name>
    <message>
        <source>Waiting</source>
        <translation>Esperando</translation>
    </message>
    <message>
        <source>Hold expired</source>
        <translation>Reserva vencida</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>Avisado</translation>
    </message>
    <message>
        <source>Seated</source>
        <translation>Sentado</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No se presentó</translation>
    </message>
    <message>
        <source>%1 min over</source>
        <translation>%1 min de más</translation>
    </message>
    <message>
        <source>%1 min left</source>
        <translation>quedan %1 min</translation>
    </message>
    <message>
        <source>for %1 min</source>
        <translation>desde hace %1 min</translation>
    </message>
    <message>
        <source>1 item</source>
        <translation>1 plato</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 platos</translation>
    </message>
    <message>
        <source>held</source>
        <translation>en espera</translation>
    </message>
    <message>
        <source>fired</source>
        <translation>en cocina</translation>
    </message>
    <message>
        <source>ready</source>
        <translation>listo</translation>
    </message>
    <message>
        <source>served</source>
        <translation>servido</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>cancelado</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>No table fits</source>
        <translation>Ninguna mesa cabe</translation>
    </message>
    <message>
        <source>Walk-in added by the host</source>
        <translation>Sin reserva, añadido por el jefe de sala</translation>
    </message>
    <message>
        <source>Joined from a phone</source>
        <translation>Se apuntó desde el móvil</translation>
    </message>
    <message>
        <source>Phone: %1</source>
        <translation>Teléfono: %1</translation>
    </message>
    <message>
        <source>Notes: %1</source>
        <translation>Notas: %1</translation>
    </message>
    <message>
        <source>Joined at %1</source>
        <translation>Llegó a las %1</translation>
    </message>
    <message>
        <source>Likely %1 min (%2–%3) with %4 ahead; quoted %5 min when they joined</source>
        <translation>Probablemente %1 min (%2–%3) con %4 delante; se le dijeron %5 min al llegar</translation>
    </message>
    <message>
        <source>Quoted %1 min when they joined</source>
        <translation>Se le dijeron %1 min al llegar</translation>
    </message>
    <message>
        <source>Notified at %1; table held until %2</source>
        <translation>Avisado a las %1; mesa guardada hasta las %2</translation>
    </message>
    <message>
        <source>Seated at %1</source>
        <translation>Sentado a las %1</translation>
    </message>
    <message>
        <source>%1× %2</source>
        <translation>%1× %2</translation>
    </message>
    <message>
        <source>%1× %2 (%3)</source>
        <translation>%1× %2 (%3)</translation>
    </message>
    <message>
        <source>Fires to the kitchen at %1</source>
        <translation>Pasa a cocina a las %1</translation>
    </message>
    <message>
        <source>walk-in</source>
        <translation>sin reserva</translation>
    </message>
    <message>
        <source>quoted %1</source>
        <translation>dicho %1</translation>
    </message>
    <message>
        <source>#</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Pers.</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Espera</translation>
    </message>
    <message>
        <source>Quote</source>
        <translation>Previsto</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Pre-order</source>
        <translation>Pedido</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Mesas</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
</context>
<context>
    <name>PartyStatus</name>
    <message>
        <source>A party that is %1 cannot become %2.</source>
        <translation>Un grupo en estado %1 no puede pasar a %2.</translation>
    </message>
</context>
<context>
    <name>PdfChitRenderer</name>
    <message>
        <source>Kitchen chit %1</source>
        <translation>Comanda de cocina %1</translation>
    </message>
    <message>
        <source>The chit could not be drawn as a PDF.</source>
        <translation>No se pudo generar la comanda como PDF.</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>Permissions</name>
    <message>
        <source>seat and notify parties</source>
        <translation>sentar y avisar a grupos</translation>
    </message>
    <message>
        <source>bump kitchen tickets</source>
        <translation>despachar comandas de cocina</translation>
    </message>
    <message>
        <source>cancel orders</source>
        <translation>cancelar pedidos</translation>
    </message>
    <message>
        <source>refund orders</source>
        <translation>reembolsar pedidos</translation>
    </message>
    <message>
        <source>edit the menu</source>
        <translation>editar la carta</translation>
    </message>
    <message>
        <source>change settings</source>
        <translation>cambiar la configuración</translation>
    </message>
    <message>
        <source>see analytics and the co-pilot</source>
        <translation>ver las estadísticas y el copiloto</translation>
    </message>
    <message>
        <source>manage staff and API tokens</source>
        <translation>gestionar el personal y los tokens de API</translation>
    </message>
    <message>
        <source>see the audit log</source>
        <translation>ver el registro de auditoría</translation>
    </message>
    <message>
        <source>export data</source>
        <translation>exportar datos</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>OK</source>
        <translation>Aceptar</translation>
    </message>
    <message>
        <source>PIN pad</source>
        <translation>Teclado PIN</translation>
    </message>
    <message>
        <source>PIN entered</source>
        <translation>PIN introducido</translation>
    </message>
    <message>
        <source>Digit %1</source>
        <translation>Dígito %1</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <source>Clear the PIN</source>
        <translation>Borrar el PIN</translation>
    </message>
    <message>
        <source>⌫</source>
        <translation>⌫</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Borrar el último dígito</translation>
    </message>
    <message>
        <source>Delete the last digit (Backspace)</source>
        <translation>Borrar el último dígito (Retroceso)</translation>
    </message>
    <message>
        <source>Sign in with this PIN</source>
        <translation>Iniciar sesión con este PIN</translation>
    </message>
    <message numerus="yes">
        <source>%n digit(s) entered</source>
        <translation>
            <numerusform>%n dígito introducido</numerusform>
            <numerusform>%n dígitos introducidos</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PrintersSettingsPage</name>
    <message>
        <source>Printers</source>
        <translation>Impresoras</translation>
    </message>
    <message>
        <source>Where this console prints kitchen chits. These settings belong to this computer only; a station left empty is not printed here.</source>
        <translation>Dónde imprime esta consola las comandas de cocina. Esta configuración es solo de este ordenador; las comandas de una estación que se deje vacía no se imprimen aquí.</translation>
    </message>
    <message>
        <source>Station printers</source>
        <translation>Impresoras por estación</translation>
    </message>
    <message>
        <source>Use tcp://HOST:PORT for a network kitchen printer (port 9100 if left out) or pdf:/DIRECTORY to write each chit as a PDF file.</source>
        <translation>Use tcp://HOST:PUERTO para una impresora de cocina en red (puerto 9100 si se omite) o pdf:/DIRECTORIO para guardar cada comanda como archivo PDF.</translation>
    </message>
    <message>
        <source>The port must be between 1 and 65535, e.g. tcp://10.0.0.20:9100.</source>
        <translation>El puerto debe estar entre 1 y 65535, p. ej. tcp://10.0.0.20:9100.</translation>
    </message>
    <message>
        <source>Not a printer address; use tcp://HOST:9100 or pdf:/DIRECTORY.</source>
        <translation>No es una dirección de impresora; use tcp://HOST:9100 o pdf:/DIRECTORIO.</translation>
    </message>
    <message>
        <source>Not printed</source>
        <translation>No se imprime</translation>
    </message>
    <message>
        <source>As every other station</source>
        <translation>Como las demás estaciones</translation>
    </message>
    <message>
        <source>Every other station</source>
        <translation>Las demás estaciones</translation>
    </message>
    <message>
        <source>Expo (whole ticket)</source>
        <translation>Pase (comanda completa)</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the printer addresses marked in red first.</source>
        <translation>No se ha guardado nada: corrija primero las direcciones de impresora marcadas en rojo.</translation>
    </message>
    <message>
        <source>The printer settings could not be written to %1.</source>
        <translation>No se ha podido guardar la configuración de impresoras en %1.</translation>
    </message>
    <message>
        <source>Saved. Restart Maitre on this computer for the printers to change.</source>
        <translation>Guardado. Reinicie Maitre en este ordenador para aplicar los cambios de impresoras.</translation>
    </message>
</context>
<context>
    <name>Problem</name>
    <message>
        <source>Invalid field</source>
        <translation>Campo no válido</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflicto</translation>
    </message>
    <message>
        <source>Service unavailable</source>
        <translation>Servicio no disponible</translation>
    </message>
    <message>
        <source>Internal error</source>
        <translation>Error interno</translation>
    </message>
    <message>
        <source>Something went wrong on our side. Please try again.</source>
        <translation>Algo ha fallado por nuestra parte. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation>Prohibido</translation>
    </message>
    <message>
        <source>Payment declined</source>
        <translation>Pago rechazado</translation>
    </message>
    <message>
        <source>Too many requests</source>
        <translation>Demasiadas peticiones</translation>
    </message>
    <message>
        <source>Please try again in %1 s.</source>
        <translation>Vuelva a intentarlo dentro de %1 s.</translation>
    </message>
</context>
<context>
    <name>ProfileSettingsPage</name>
    <message>
        <source>Restaurant</source>
        <translation>Restaurante</translation>
    </message>
    <message>
        <source>How the restaurant is named and when it is open. Diners see the name and the opening hours on their phones.</source>
        <translation>Cómo se llama el restaurante y cuándo abre. Los comensales ven el nombre y el horario en el móvil.</translation>
    </message>
    <message>
        <source>e.g. Trattoria Da Enzo</source>
        <translation>p. ej. Trattoria Da Enzo</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Timezone</source>
        <translation>Zona horaria</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Moneda</translation>
    </message>
    <message>
        <source>Opening hours</source>
        <translation>Horario</translation>
    </message>
    <message>
        <source>Opens</source>
        <translation>Abre</translation>
    </message>
    <message>
        <source>Closes</source>
        <translation>Cierra</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abierto</translation>
    </message>
    <message>
        <source>Earlier than the opening time: closes after midnight</source>
        <translation>Anterior a la hora de apertura: cierra después de medianoche</translation>
    </message>
    <message>
        <source>A closing time earlier than the opening time means the kitchen closes after midnight.</source>
        <translation>Una hora de cierre anterior a la de apertura significa que la cocina cierra después de medianoche.</translation>
    </message>
    <message>
        <source>Enter the restaurant&apos;s name.</source>
        <translation>Escriba el nombre del restaurante.</translation>
    </message>
    <message>
        <source>Use at most %1 characters.</source>
        <translation>Use como máximo %1 caracteres.</translation>
    </message>
    <message>
        <source>Choose a timezone from the list, e.g. Europe/Madrid.</source>
        <translation>Elija una zona horaria de la lista, p. ej. Europe/Madrid.</translation>
    </message>
    <message>
        <source>Use a three-letter currency code such as EUR or USD.</source>
        <translation>Use un código de moneda de tres letras, como EUR o USD.</translation>
    </message>
    <message>
        <source>Opening and closing times are the same.</source>
        <translation>La hora de apertura y la de cierre son la misma.</translation>
    </message>
</context>
<context>
    <name>ProviderFactory</name>
    <message>
        <source>Stripe is chosen for payments but no Stripe secret key is saved.</source>
        <translation>Se ha elegido Stripe para los pagos, pero no hay ninguna clave secreta de Stripe guardada.</translation>
    </message>
    <message>
        <source>Unknown payment provider “%1”: use offline or stripe.</source>
        <translation>Proveedor de pagos desconocido “%1”: use offline o stripe.</translation>
    </message>
    <message>
        <source>The Nominatim address “%1” is not a valid http(s) URL.</source>
        <translation>La dirección de Nominatim “%1” no es una URL http(s) válida.</translation>
    </message>
    <message>
        <source>Unknown geocoder “%1”: use offline or nominatim.</source>
        <translation>Geocodificador desconocido “%1”: use offline o nominatim.</translation>
    </message>
    <message>
        <source>The language model address “%1” is not a valid http(s) URL.</source>
        <translation>La dirección del modelo de lenguaje «%1» no es una URL http(s) válida.</translation>
    </message>
</context>
<context>
    <name>ProvidersSettingsPage</name>
    <message>
        <source>Providers</source>
        <translation>Proveedores</translation>
    </message>
    <message>
        <source>Services Maitre talks to. Keys are kept in the computer&apos;s keychain, never in the database or settings files, and are never shown again once saved.</source>
        <translation>Servicios con los que se comunica Maitre. Las claves se guardan en el llavero del ordenador, nunca en la base de datos ni en archivos de configuración, y no se vuelven a mostrar una vez guardadas.</translation>
    </message>
    <message>
        <source>Empty: the co-pilot works offline</source>
        <translation>Vacío: el copiloto funciona sin conexión</translation>
    </message>
    <message>
        <source>e.g. gpt-4o-mini</source>
        <translation>p. ej. gpt-4o-mini</translation>
    </message>
    <message>
        <source>Empty: a plain background</source>
        <translation>Vacío: un fondo liso</translation>
    </message>
    <message>
        <source>Keep secrets in a file…</source>
        <translation>Guardar los secretos en un archivo…</translation>
    </message>
    <message>
        <source>Store the keys in a file only your user account can read</source>
        <translation>Guardar las claves en un archivo que solo pueda leer su cuenta de usuario</translation>
    </message>
    <message>
        <source>Offline (cash and card terminal)</source>
        <translation>Sin conexión (efectivo y datáfono)</translation>
    </message>
    <message>
        <source>Stripe</source>
        <translation>Stripe</translation>
    </message>
    <message>
        <source>Payments</source>
        <translation>Pagos</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>Proveedor</translation>
    </message>
    <message>
        <source>Stripe secret key</source>
        <translation>Clave secreta de Stripe</translation>
    </message>
    <message>
        <source>Offline (addresses are not placed on the map)</source>
        <translation>Sin conexión (las direcciones no se sitúan en el mapa)</translation>
    </message>
    <message>
        <source>Nominatim</source>
        <translation>Nominatim</translation>
    </message>
    <message>
        <source>Addresses and map</source>
        <translation>Direcciones y mapa</translation>
    </message>
    <message>
        <source>Geocoder</source>
        <translation>Geocodificador</translation>
    </message>
    <message>
        <source>Nominatim server</source>
        <translation>Servidor Nominatim</translation>
    </message>
    <message>
        <source>Map tile server</source>
        <translation>Servidor de teselas del mapa</translation>
    </message>
    <message>
        <source>Language model (co-pilot and ordering assistant)</source>
        <translation>Modelo de lenguaje (copiloto y asistente de pedidos)</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>URL base</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>Clave de API</translation>
    </message>
    <message>
        <source>Voice ordering and service</source>
        <translation>Pedidos por voz y servicio en sala</translation>
    </message>
    <message>
        <source>Voice webhook secret</source>
        <translation>Secreto del webhook de voz</translation>
    </message>
    <message>
        <source>Covers per server</source>
        <translation>Cubiertos por camarero</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Eliminar</translation>
    </message>
    <message>
        <source>Forget this key when the page is saved</source>
        <translation>Olvidar esta clave al guardar la página</translation>
    </message>
    <message>
        <source>Enter an address starting with http:// or https://, or leave it empty.</source>
        <translation>Escriba una dirección que empiece por http:// o https://, o déjela vacía.</translation>
    </message>
    <message>
        <source>Enter the Nominatim server&apos;s address.</source>
        <translation>Escriba la dirección del servidor Nominatim.</translation>
    </message>
    <message>
        <source>Covers per server are between 1 and 200.</source>
        <translation>Los cubiertos por camarero deben estar entre 1 y 200.</translation>
    </message>
    <message>
        <source>A Stripe secret key starts with sk_ (or rk_ for a restricted key).</source>
        <translation>Una clave secreta de Stripe empieza por sk_ (o rk_ si es una clave restringida).</translation>
    </message>
    <message>
        <source>The key has spaces at its start or end; paste it again.</source>
        <translation>La clave tiene espacios al principio o al final; vuelva a pegarla.</translation>
    </message>
    <message>
        <source>A key could not be saved: %1</source>
        <translation>No se ha podido guardar una clave: %1</translation>
    </message>
    <message>
        <source>Removed on save</source>
        <translation>Se eliminará al guardar</translation>
    </message>
    <message>
        <source>✓ Set</source>
        <translation>✓ Configurada</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Sin configurar</translation>
    </message>
    <message>
        <source>Type a new key to replace it</source>
        <translation>Escriba una clave nueva para sustituirla</translation>
    </message>
    <message>
        <source>Paste the key</source>
        <translation>Pegue la clave</translation>
    </message>
    <message>
        <source>No keychain: keys are kept for this session only</source>
        <translation>Sin llavero: las claves se guardan solo durante esta sesión</translation>
    </message>
    <message>
        <source>No keychain: keys are kept in a file only you can read</source>
        <translation>Sin llavero: las claves se guardan en un archivo que solo usted puede leer</translation>
    </message>
    <message>
        <source>Keep secrets in a file</source>
        <translation>Guardar los secretos en un archivo</translation>
    </message>
    <message>
        <source>Cannot keep secrets in %1: %2</source>
        <translation>No se pueden guardar los secretos en %1: %2</translation>
    </message>
    <message>
        <source>Keys are now kept in %1, readable only by you.</source>
        <translation>Las claves se guardan ahora en %1, y solo usted puede leerlas.</translation>
    </message>
    <message>
        <source>Use this model for the co-pilot and the ordering assistant</source>
        <translation>Usar este modelo para el copiloto y el asistente de pedidos</translation>
    </message>
    <message>
        <source>e.g. Sofia</source>
        <translation>p. ej. Sofía</translation>
    </message>
    <message>
        <source>Empty: a greeting in the diner&apos;s language</source>
        <translation>Vacío: un saludo en el idioma del comensal</translation>
    </message>
    <message>
        <source>Off: both work offline, from the restaurant&apos;s own data and menu</source>
        <translation>Desactivado: ambos funcionan sin conexión, con los datos y la carta del propio restaurante</translation>
    </message>
    <message>
        <source>Friendly</source>
        <translation>Cercano</translation>
    </message>
    <message>
        <source>Formal</source>
        <translation>Formal</translation>
    </message>
    <message>
        <source>Playful</source>
        <translation>Desenfadado</translation>
    </message>
    <message>
        <source>Ordering assistant on the diner page</source>
        <translation>Asistente de pedidos en la página para comensales</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Tone</source>
        <translation>Tono</translation>
    </message>
    <message>
        <source>Greeting</source>
        <translation>Saludo</translation>
    </message>
    <message>
        <source>Enter the model&apos;s base URL and name to use it.</source>
        <translation>Escriba la URL base y el nombre del modelo para usarlo.</translation>
    </message>
    <message>
        <source>Give the assistant a name diners will see.</source>
        <translation>Dé al asistente un nombre que verán los comensales.</translation>
    </message>
</context>
<context>
    <name>QrCodeWidget</name>
    <message>
        <source>Diners scan this to join the queue. Click to show it full screen.</source>
        <translation>Los comensales lo escanean para apuntarse a la cola. Haga clic para verlo a pantalla completa.</translation>
    </message>
    <message>
        <source>Diner page not served</source>
        <translation>Página para comensales no disponible</translation>
    </message>
    <message>
        <source>Join QR code for %1</source>
        <translation>Código QR para apuntarse en %1</translation>
    </message>
    <message>
        <source>Diner page not served: diners cannot join from their phones right now.</source>
        <translation>Página para comensales no disponible: ahora mismo no pueden apuntarse desde el móvil.</translation>
    </message>
</context>
<context>
    <name>QrPosterWindow</name>
    <message>
        <source>Scan to join the queue</source>
        <translation>Escanee para apuntarse a la cola</translation>
    </message>
    <message>
        <source>Click or press Esc to close</source>
        <translation>Haga clic o pulse Esc para cerrar</translation>
    </message>
    <message>
        <source>Point your phone&apos;s camera at the code: see the wait, join, pre-order.</source>
        <translation>Apunte la cámara del móvil al código: vea la espera, apúntese y pida con antelación.</translation>
    </message>
</context>
<context>
    <name>QueueController</name>
    <message>
        <source>There is no party with that link.</source>
        <translation>No hay ningún grupo con ese enlace.</translation>
    </message>
    <message>
        <source>party_size must be a whole number from 1 to %1.</source>
        <translation>party_size debe ser un número entero de 1 a %1.</translation>
    </message>
    <message>
        <source>Malformed request</source>
        <translation>Petición mal formada</translation>
    </message>
    <message>
        <source>The Idempotency-Key is too long.</source>
        <translation>La Idempotency-Key es demasiado larga.</translation>
    </message>
</context>
<context>
    <name>QueueService</name>
    <message>
        <source>No such restaurant.</source>
        <translation>Ese restaurante no existe.</translation>
    </message>
    <message>
        <source>No such party in the queue.</source>
        <translation>Ese grupo no está en la cola.</translation>
    </message>
    <message>
        <source>Please tell us a name to call.</source>
        <translation>Díganos un nombre para llamarle.</translation>
    </message>
    <message>
        <source>The name is too long (at most %1 characters).</source>
        <translation>El nombre es demasiado largo (como máximo %1 caracteres).</translation>
    </message>
    <message>
        <source>Party size must be from 1 to %1.</source>
        <translation>El grupo debe ser de 1 a %1 personas.</translation>
    </message>
    <message>
        <source>That does not look like a phone number.</source>
        <translation>Eso no parece un número de teléfono.</translation>
    </message>
    <message>
        <source>Notes are limited to 500 characters.</source>
        <translation>Las notas tienen un máximo de 500 caracteres.</translation>
    </message>
    <message>
        <source>A pre-order has at most %1 lines.</source>
        <translation>Un pedido anticipado tiene como máximo %1 líneas.</translation>
    </message>
    <message>
        <source>Choose a dish from the menu.</source>
        <translation>Elija un plato de la carta.</translation>
    </message>
    <message>
        <source>Quantity must be from 1 to %1.</source>
        <translation>La cantidad debe ser de 1 a %1.</translation>
    </message>
    <message>
        <source>Notes are limited to %1 characters.</source>
        <translation>Las notas tienen un máximo de %1 caracteres.</translation>
    </message>
    <message>
        <source>Choose a table to seat the party at.</source>
        <translation>Elija una mesa para sentar al grupo.</translation>
    </message>
    <message>
        <source>Table %1 is not free.</source>
        <translation>La mesa %1 no está libre.</translation>
    </message>
    <message>
        <source>Table %1 cannot be combined with others.</source>
        <translation>La mesa %1 no se puede juntar con otras.</translation>
    </message>
    <message>
        <source>That table does not exist.</source>
        <translation>Esa mesa no existe.</translation>
    </message>
    <message>
        <source>Those tables seat %1; the party is %2.</source>
        <translation>Esas mesas tienen %1 plazas; el grupo es de %2.</translation>
    </message>
    <message>
        <source>Seat a party at the table to make it occupied.</source>
        <translation>Siente a un grupo en la mesa para ocuparla.</translation>
    </message>
    <message>
        <source>%1 is taken by %2&apos;s party; finish the party first.</source>
        <translation>%1 está ocupada por el grupo de %2; termine ese grupo primero.</translation>
    </message>
    <message>
        <source>The name contains characters we cannot show.</source>
        <translation>El nombre contiene caracteres que no podemos mostrar.</translation>
    </message>
    <message>
        <source>The notes contain characters we cannot show.</source>
        <translation>Las notas contienen caracteres que no podemos mostrar.</translation>
    </message>
    <message>
        <source>The note contains characters we cannot show.</source>
        <translation>La nota contiene caracteres que no podemos mostrar.</translation>
    </message>
    <message>
        <source>This Idempotency-Key was already used for a different request.</source>
        <translation>Esta Idempotency-Key ya se usó para otra petición.</translation>
    </message>
    <message>
        <source>There is no dish %1 on the menu.</source>
        <translation>No hay ningún plato %1 en la carta.</translation>
    </message>
    <message>
        <source>%1 is not available right now.</source>
        <translation>%1 no está disponible ahora mismo.</translation>
    </message>
    <message>
        <source>We cannot seat a party of %1 from the online queue. Please ask at the door.</source>
        <translation>No podemos sentar a un grupo de %1 desde la cola en línea. Pregunte en la entrada, por favor.</translation>
    </message>
</context>
<context>
    <name>QueueView</name>
    <message>
        <source>the database cannot be reached (%1). Try again in a moment.</source>
        <translation>no se puede acceder a la base de datos (%1). Inténtelo de nuevo en un momento.</translation>
    </message>
    <message>
        <source>something went wrong (%1).</source>
        <translation>algo ha fallado (%1).</translation>
    </message>
    <message>
        <source>Show seated</source>
        <translation>Mostrar sentados</translation>
    </message>
    <message>
        <source>Full screen</source>
        <translation>Pantalla completa</translation>
    </message>
    <message>
        <source>Print poster…</source>
        <translation>Imprimir cartel…</translation>
    </message>
    <message>
        <source>+ Walk-in</source>
        <translation>+ Sin reserva</translation>
    </message>
    <message>
        <source>Notify</source>
        <translation>Avisar</translation>
    </message>
    <message>
        <source>Seat…</source>
        <translation>Sentar…</translation>
    </message>
    <message>
        <source>No-show</source>
        <translation>No vino</translation>
    </message>
    <message>
        <source>Cancel…</source>
        <translation>Cancelar…</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminado</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Cola</translation>
    </message>
    <message>
        <source>Loading the queue…</source>
        <translation>Cargando la cola…</translation>
    </message>
    <message>
        <source>Show the join code full screen for diners to scan</source>
        <translation>Mostrar el código a pantalla completa para que lo escaneen los comensales</translation>
    </message>
    <message>
        <source>Print a &quot;scan to join&quot; poster for the door</source>
        <translation>Imprimir un cartel «escanee para apuntarse» para la puerta</translation>
    </message>
    <message>
        <source>Diners scan
to join</source>
        <translation>Escanear
para apuntarse</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Hold expired</source>
        <translation>Reserva vencida</translation>
    </message>
    <message>
        <source>Notified</source>
        <translation>Avisado</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Esperando</translation>
    </message>
    <message>
        <source>%1 items</source>
        <translation>%1 platos</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source> or </source>
        <translation> o </translation>
    </message>
    <message>
        <source>Add a party that walked in</source>
        <translation>Añadir un grupo que llega sin reserva</translation>
    </message>
    <message>
        <source>Tell the party their table is ready</source>
        <translation>Avisar al grupo de que su mesa está lista</translation>
    </message>
    <message>
        <source>Seat the party at a table</source>
        <translation>Sentar al grupo en una mesa</translation>
    </message>
    <message>
        <source>The party did not come when called</source>
        <translation>El grupo no vino cuando se le avisó</translation>
    </message>
    <message>
        <source>Take the party out of the queue</source>
        <translation>Sacar al grupo de la cola</translation>
    </message>
    <message>
        <source>The party has left; their tables need cleaning</source>
        <translation>El grupo se ha ido; hay que limpiar sus mesas</translation>
    </message>
    <message>
        <source>The queue could not be loaded: %1</source>
        <translation>No se ha podido cargar la cola: %1</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 esperando</translation>
    </message>
    <message>
        <source>%1 notified (%2 expired)</source>
        <translation>%1 avisados (%2 vencidos)</translation>
    </message>
    <message>
        <source>%1 notified</source>
        <translation>%1 avisados</translation>
    </message>
    <message>
        <source>1 cover</source>
        <translation>1 cubierto</translation>
    </message>
    <message>
        <source>%1 covers</source>
        <translation>%1 cubiertos</translation>
    </message>
    <message>
        <source>longest %1 min</source>
        <translation>máx. %1 min</translation>
    </message>
    <message>
        <source>1 table free</source>
        <translation>1 mesa libre</translation>
    </message>
    <message>
        <source>%1 tables free</source>
        <translation>%1 mesas libres</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 (party of %2) added: quote %3 min, code %4.</source>
        <translation>%1 (grupo de %2) añadido: espera prevista %3 min, código %4.</translation>
    </message>
    <message>
        <source>%1 could not be added: %2</source>
        <translation>No se ha podido añadir a %1: %2</translation>
    </message>
    <message>
        <source>%1 could not be notified</source>
        <translation>No se ha podido avisar a %1</translation>
    </message>
    <message>
        <source>%1 notified: their table is held for %2 min.</source>
        <translation>%1 avisado: su mesa se guarda %2 min.</translation>
    </message>
    <message>
        <source>%1 could not be seated</source>
        <translation>No se ha podido sentar a %1</translation>
    </message>
    <message>
        <source>%1 seated at %2.</source>
        <translation>%1 sentado en %2.</translation>
    </message>
    <message>
        <source>%1 could not be marked as a no-show</source>
        <translation>No se ha podido marcar que %1 no vino</translation>
    </message>
    <message>
        <source>%1 marked as a no-show.</source>
        <translation>%1 marcado como que no vino.</translation>
    </message>
    <message>
        <source>Take %1&apos;s party of %2 out of the queue?</source>
        <translation>¿Sacar de la cola al grupo de %2 de %1?</translation>
    </message>
    <message>
        <source>Their pre-order will be cancelled too.</source>
        <translation>También se cancelará su pedido anticipado.</translation>
    </message>
    <message>
        <source>Cancel party</source>
        <translation>Cancelar grupo</translation>
    </message>
    <message>
        <source>Keep in queue</source>
        <translation>Dejar en la cola</translation>
    </message>
    <message>
        <source>%1 could not be cancelled</source>
        <translation>No se ha podido cancelar a %1</translation>
    </message>
    <message>
        <source>%1&apos;s party was cancelled.</source>
        <translation>Se ha cancelado el grupo de %1.</translation>
    </message>
    <message>
        <source>%1 could not be marked done</source>
        <translation>No se ha podido dar por terminado a %1</translation>
    </message>
    <message>
        <source>%1&apos;s party has left; their tables need cleaning.</source>
        <translation>El grupo de %1 se ha ido; hay que limpiar sus mesas.</translation>
    </message>
    <message>
        <source>%1 is free.</source>
        <translation>%1 está libre.</translation>
    </message>
    <message>
        <source>%1 is out of service.</source>
        <translation>%1 está fuera de servicio.</translation>
    </message>
    <message>
        <source>%1 could not be changed</source>
        <translation>No se ha podido cambiar %1</translation>
    </message>
    <message>
        <source>Scan to join the queue</source>
        <translation>Escanee para apuntarse a la cola</translation>
    </message>
    <message>
        <source>Print the join poster</source>
        <translation>Imprimir el cartel para apuntarse</translation>
    </message>
    <message>
        <source>The poster could not be printed: the printer is not ready.</source>
        <translation>No se ha podido imprimir el cartel: la impresora no está lista.</translation>
    </message>
    <message>
        <source>The poster was sent to the printer.</source>
        <translation>El cartel se ha enviado a la impresora.</translation>
    </message>
</context>
<context>
    <name>RestaurantService</name>
    <message>
        <source>Give the restaurant a name (up to 200 characters).</source>
        <translation>Asigne un nombre al restaurante (hasta 200 caracteres).</translation>
    </message>
</context>
<context>
    <name>RestaurantSettings</name>
    <message>
        <source>“%1” is not a web address; enter one starting with http:// or https://, or leave it empty.</source>
        <translation>“%1” no es una dirección web; escriba una que empiece por http:// o https://, o déjelo vacío.</translation>
    </message>
    <message>
        <source>Leave the user name and password out of the address; keys and passwords are kept in the keychain.</source>
        <translation>Quite el usuario y la contraseña de la dirección; las claves y contraseñas se guardan en el llavero.</translation>
    </message>
    <message>
        <source>Enter the restaurant&apos;s name.</source>
        <translation>Escriba el nombre del restaurante.</translation>
    </message>
    <message>
        <source>The restaurant&apos;s name can have at most 200 characters.</source>
        <translation>El nombre del restaurante puede tener como máximo 200 caracteres.</translation>
    </message>
    <message>
        <source>“%1” is not a known time zone; choose one such as Europe/Madrid or America/New_York.</source>
        <translation>“%1” no es una zona horaria conocida; elija una como Europe/Madrid o America/New_York.</translation>
    </message>
    <message>
        <source>The currency must be a three-letter ISO 4217 code such as EUR or USD.</source>
        <translation>La moneda debe ser un código ISO 4217 de tres letras, como EUR o USD.</translation>
    </message>
    <message>
        <source>Opening hours name a day that does not exist.</source>
        <translation>El horario nombra un día que no existe.</translation>
    </message>
    <message>
        <source>%1 has opening hours twice; give each day one entry.</source>
        <translation>%1 tiene horario dos veces; dé a cada día una sola entrada.</translation>
    </message>
    <message>
        <source>The opening hours for %1 need a valid opening and closing time.</source>
        <translation>El horario del %1 necesita una hora de apertura y de cierre válidas.</translation>
    </message>
    <message>
        <source>On %1 the restaurant opens and closes at the same time; leave the day out if it is closed.</source>
        <translation>El %1 el restaurante abre y cierra a la misma hora; quite el día si cierra.</translation>
    </message>
    <message>
        <source>The hold time must be between %1 and %2 minutes.</source>
        <translation>El tiempo de reserva debe estar entre %1 y %2 minutos.</translation>
    </message>
    <message>
        <source>The default turn time for parties of 1–2 must be between %1 and %2 minutes.</source>
        <translation>La duración de mesa por defecto para grupos de 1–2 debe estar entre %1 y %2 minutos.</translation>
    </message>
    <message>
        <source>The default turn time for parties of 3–4 must be between %1 and %2 minutes.</source>
        <translation>La duración de mesa por defecto para grupos de 3–4 debe estar entre %1 y %2 minutos.</translation>
    </message>
    <message>
        <source>The default turn time for parties of 5–6 must be between %1 and %2 minutes.</source>
        <translation>La duración de mesa por defecto para grupos de 5–6 debe estar entre %1 y %2 minutos.</translation>
    </message>
    <message>
        <source>The default turn time for parties of 7 or more must be between %1 and %2 minutes.</source>
        <translation>La duración de mesa por defecto para grupos de 7 o más debe estar entre %1 y %2 minutos.</translation>
    </message>
    <message>
        <source>The tax rate must be between %1 % and %2 %.</source>
        <translation>El tipo de impuesto debe estar entre el %1 % y el %2 %.</translation>
    </message>
    <message>
        <source>The delivery fee must be between %1 and %2.</source>
        <translation>El gasto de envío debe estar entre %1 y %2.</translation>
    </message>
    <message>
        <source>The delivery radius must be between %1 and %2 metres.</source>
        <translation>El radio de reparto debe estar entre %1 y %2 metros.</translation>
    </message>
    <message>
        <source>“%1” is not a payment provider Maitre knows; choose offline or stripe.</source>
        <translation>“%1” no es un proveedor de pagos que Maitre conozca; elija offline o stripe.</translation>
    </message>
    <message>
        <source>“%1” is not a geocoder Maitre knows; choose offline or nominatim.</source>
        <translation>“%1” no es un geocodificador que Maitre conozca; elija offline o nominatim.</translation>
    </message>
    <message>
        <source>Enter the Nominatim server&apos;s address, or choose the offline geocoder.</source>
        <translation>Escriba la dirección del servidor Nominatim o elija el geocodificador sin conexión.</translation>
    </message>
    <message>
        <source>The model name can have at most 200 characters.</source>
        <translation>El nombre del modelo puede tener como máximo 200 caracteres.</translation>
    </message>
    <message>
        <source>Covers per server must be between %1 and %2.</source>
        <translation>Los cubiertos por camarero deben estar entre %1 y %2.</translation>
    </message>
    <message>
        <source>Enter both the latitude and the longitude of the restaurant, or neither.</source>
        <translation>Introduzca la latitud y la longitud del restaurante, o ninguna de las dos.</translation>
    </message>
    <message>
        <source>The latitude must be between -90 and 90 degrees.</source>
        <translation>La latitud debe estar entre -90 y 90 grados.</translation>
    </message>
    <message>
        <source>The longitude must be between -180 and 180 degrees.</source>
        <translation>La longitud debe estar entre -180 y 180 grados.</translation>
    </message>
    <message>
        <source>To use a language model, enter its base URL and the model&apos;s name.</source>
        <translation>Para usar un modelo de lenguaje, escriba su URL base y el nombre del modelo.</translation>
    </message>
    <message>
        <source>Give the ordering assistant a name of at most 40 characters.</source>
        <translation>Dé al asistente de pedidos un nombre de 40 caracteres como máximo.</translation>
    </message>
    <message>
        <source>“%1” is not a tone Maitre knows; choose friendly, formal or playful.</source>
        <translation>«%1» no es un tono que Maitre conozca; elija friendly, formal o playful.</translation>
    </message>
    <message>
        <source>The assistant&apos;s greeting can have at most 300 characters.</source>
        <translation>El saludo del asistente puede tener como máximo 300 caracteres.</translation>
    </message>
</context>
<context>
    <name>RestaurantSettingsPage</name>
    <message>
        <source>Nothing was saved: correct the fields marked in red first.</source>
        <translation>No se ha guardado nada: corrija primero los campos marcados en rojo.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Guardado.</translation>
    </message>
    <message>
        <source>Saved. Every console uses the new settings now.</source>
        <translation>Guardado. Todas las consolas usan ya la nueva configuración.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Host</source>
        <translation>Jefe de sala</translation>
    </message>
    <message>
        <source>Kitchen</source>
        <translation>Cocina</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Encargado</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Propietario</translation>
    </message>
</context>
<context>
    <name>SeatDialog</name>
    <message>
        <source>Combine tables</source>
        <translation>Juntar mesas</translation>
    </message>
    <message>
        <source>Seat %1</source>
        <translation>Sentar a %1</translation>
    </message>
    <message>
        <source>Seat %1 · party of %2</source>
        <translation>Sentar a %1 · grupo de %2</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 · %2 · %3 spare</source>
        <translation>%1 · %2 · %3 de sobra</translation>
    </message>
    <message>
        <source>No single free table seats %1. Combine tables below.</source>
        <translation>Ninguna mesa libre tiene sitio para %1. Junte mesas abajo.</translation>
    </message>
    <message>
        <source>Seat</source>
        <translation>Sentar</translation>
    </message>
    <message>
        <source>Free tables that fit, smallest first:</source>
        <translation>Mesas libres con sitio, de menor a mayor:</translation>
    </message>
    <message>
        <source>Check the tables to push together.</source>
        <translation>Marque las mesas que va a juntar.</translation>
    </message>
    <message>
        <source>Choose a table.</source>
        <translation>Elija una mesa.</translation>
    </message>
    <message>
        <source>%1 for a party of %2</source>
        <translation>%1 para un grupo de %2</translation>
    </message>
    <message>
        <source>%1 for a party of %2: %3 more needed</source>
        <translation>%1 para un grupo de %2: faltan %3</translation>
    </message>
</context>
<context>
    <name>SecretStore</name>
    <message>
        <source>A secret needs a name.</source>
        <translation>Un secreto necesita un nombre.</translation>
    </message>
    <message>
        <source>no Secret Service or KWallet is installed</source>
        <translation>no hay instalado ningún Secret Service ni KWallet</translation>
    </message>
    <message>
        <source>There is no secret called &quot;%1&quot;.</source>
        <translation>No hay ningún secreto llamado &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>Choose a file to keep the secrets in.</source>
        <translation>Elija un archivo en el que guardar los secretos.</translation>
    </message>
    <message>
        <source>%1 is not a regular file.</source>
        <translation>%1 no es un archivo normal.</translation>
    </message>
    <message>
        <source>%1 belongs to another user.</source>
        <translation>%1 pertenece a otro usuario.</translation>
    </message>
    <message>
        <source>%1 can be read or changed by other users; make it readable only by you (chmod 600) first.</source>
        <translation>Otros usuarios pueden leer o modificar %1; primero haga que solo usted pueda leerlo (chmod 600).</translation>
    </message>
    <message>
        <source>Could not create %1: %2</source>
        <translation>No se ha podido crear %1: %2</translation>
    </message>
    <message>
        <source>the Secret Service did not answer</source>
        <translation>el Secret Service no ha respondido</translation>
    </message>
    <message>
        <source>The system keychain cannot be used (%1). Secrets are kept in %2, readable only by you.</source>
        <translation>No se puede usar el llavero del sistema (%1). Los secretos se guardan en %2, que solo usted puede leer.</translation>
    </message>
    <message>
        <source>The system keychain cannot be used (%1). Secrets are kept only until Maitre exits; enter them again next time or choose a file readable only by you.</source>
        <translation>No se puede usar el llavero del sistema (%1). Los secretos solo se conservan hasta que se cierre Maitre; vuelva a introducirlos la próxima vez o elija un archivo que solo usted pueda leer.</translation>
    </message>
    <message>
        <source>Could not read %1: %2</source>
        <translation>No se ha podido leer %1: %2</translation>
    </message>
    <message>
        <source>%1 is not a Maitre secrets file.</source>
        <translation>%1 no es un archivo de secretos de Maitre.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>No se ha podido escribir %1: %2</translation>
    </message>
    <message>
        <source>Could not make %1 readable only by you.</source>
        <translation>No se ha podido hacer que solo usted pueda leer %1.</translation>
    </message>
</context>
<context>
    <name>ServerContext</name>
    <message>
        <source>Not open yet</source>
        <translation>Aún no está abierto</translation>
    </message>
    <message>
        <source>The restaurant is still being set up. Please try again soon.</source>
        <translation>El restaurante aún se está configurando. Vuelva a intentarlo en breve.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Save changes</source>
        <translation>Guardar cambios</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Throw away the changes on this page</source>
        <translation>Descartar los cambios de esta página</translation>
    </message>
    <message>
        <source>Nothing was saved: %1</source>
        <translation>No se ha guardado nada: %1</translation>
    </message>
    <message>
        <source>The database cannot be reached (%1). Nothing was saved.</source>
        <translation>No se puede acceder a la base de datos (%1). No se ha guardado nada.</translation>
    </message>
    <message>
        <source>Something went wrong (%1).</source>
        <translation>Algo ha fallado (%1).</translation>
    </message>
    <message>
        <source>Not allowed: %1</source>
        <translation>No permitido: %1</translation>
    </message>
</context>
<context>
    <name>SettingsService</name>
    <message>
        <source>No such restaurant.</source>
        <translation>No existe ese restaurante.</translation>
    </message>
</context>
<context>
    <name>SettingsView</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Settings are for managers and owners.
Sign in with a manager&apos;s PIN to change them.</source>
        <translation>La configuración es para encargados y propietarios.
Inicie sesión con el PIN de un encargado para cambiarla.</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Maitre</source>
        <translation>Maitre</translation>
    </message>
    <message>
        <source>Who&apos;s signing in?</source>
        <translation>¿Quién inicia sesión?</translation>
    </message>
    <message>
        <source>Tap your name, then type your PIN on the pad or the keyboard. Lock the console when you step away; it locks itself after a while without use.</source>
        <translation>Toque su nombre y escriba su PIN en el teclado numérico o en el teclado. Bloquee la consola cuando se aleje; se bloquea sola tras un tiempo sin uso.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Comprobando…</translation>
    </message>
    <message>
        <source>%1 (%2) %3</source>
        <translation>%1 (%2) %3</translation>
    </message>
    <message>
        <source>Demo restaurant — PINs: %1</source>
        <translation>Restaurante de demostración — PIN: %1</translation>
    </message>
    <message>
        <source>Locked — signed in as %1. Enter your PIN to carry on, or tap another name to switch user.</source>
        <translation>Bloqueada — sesión iniciada como %1. Escriba su PIN para continuar o toque otro nombre para cambiar de usuario.</translation>
    </message>
    <message>
        <source>The staff list could not be loaded: %1</source>
        <translation>No se ha podido cargar la lista del personal: %1</translation>
    </message>
    <message>
        <source>Sign in as %1, %2</source>
        <translation>Iniciar sesión como %1, %2</translation>
    </message>
    <message>
        <source>No staff accounts yet</source>
        <translation>Todavía no hay cuentas de personal</translation>
    </message>
    <message>
        <source>Enter your PIN</source>
        <translation>Escriba su PIN</translation>
    </message>
    <message>
        <source>Ask the owner or a manager to add your account.</source>
        <translation>Pida al propietario o a un encargado que añada su cuenta.</translation>
    </message>
    <message>
        <source>Tap your name first.</source>
        <translation>Primero toque su nombre.</translation>
    </message>
    <message>
        <source>%1 · enter your PIN</source>
        <translation>%1 · escriba su PIN</translation>
    </message>
</context>
<context>
    <name>Sql</name>
    <message>
        <source>The database is not reachable: %1</source>
        <translation>No se puede acceder a la base de datos: %1</translation>
    </message>
</context>
<context>
    <name>StaffAuth</name>
    <message>
        <source>Unauthorized</source>
        <translation>No autorizado</translation>
    </message>
    <message>
        <source>Forbidden</source>
        <translation>Prohibido</translation>
    </message>
    <message>
        <source>This token does not have the &quot;%1&quot; scope.</source>
        <translation>Este token no tiene el ámbito &quot;%1&quot;.</translation>
    </message>
    <message>
        <source>The Authorization header must read &quot;Bearer&quot; and then the token.</source>
        <translation>La cabecera Authorization debe contener &quot;Bearer&quot; seguido del token.</translation>
    </message>
    <message>
        <source>This needs a staff API token: Authorization: Bearer &lt;token&gt;.</source>
        <translation>Se necesita un token de API del personal: Authorization: Bearer &lt;token&gt;.</translation>
    </message>
    <message>
        <source>Unknown or revoked API token.</source>
        <translation>Token de API desconocido o revocado.</translation>
    </message>
</context>
<context>
    <name>StaffService</name>
    <message>
        <source>Please enter a name.</source>
        <translation>Escriba un nombre.</translation>
    </message>
    <message>
        <source>The name is too long (at most %1 characters).</source>
        <translation>El nombre es demasiado largo (como máximo %1 caracteres).</translation>
    </message>
    <message>
        <source>The name contains characters that cannot be shown.</source>
        <translation>El nombre contiene caracteres que no se pueden mostrar.</translation>
    </message>
    <message>
        <source>No such restaurant.</source>
        <translation>Ese restaurante no existe.</translation>
    </message>
    <message>
        <source>No such member of staff.</source>
        <translation>Esa persona no forma parte del personal.</translation>
    </message>
    <message>
        <source>There is already someone called &quot;%1&quot;. Add an initial to tell them apart.</source>
        <translation>Ya hay alguien llamado &quot;%1&quot;. Añada una inicial para distinguirlos.</translation>
    </message>
    <message>
        <source>Only an owner can change %1&apos;s account: %1 is an owner.</source>
        <translation>Solo un propietario puede cambiar la cuenta de %1: %1 es propietario.</translation>
    </message>
    <message>
        <source>Locked after %1 wrong PINs. Try again at %2, or ask a manager to unlock it.</source>
        <translation>Bloqueada tras %1 PIN incorrectos. Vuelva a intentarlo a las %2 o pida a un encargado que la desbloquee.</translation>
    </message>
    <message>
        <source>%1&apos;s account is switched off. Ask a manager.</source>
        <translation>La cuenta de %1 está desactivada. Pregunte a un encargado.</translation>
    </message>
    <message>
        <source>Wrong PIN. 1 try left before the account locks.</source>
        <translation>PIN incorrecto. Queda 1 intento antes de que se bloquee la cuenta.</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left before the account locks.</source>
        <translation>PIN incorrecto. Quedan %1 intentos antes de que se bloquee la cuenta.</translation>
    </message>
    <message>
        <source>The PIN must be 4 to 8 digits.</source>
        <translation>El PIN debe tener de 4 a 8 cifras.</translation>
    </message>
    <message>
        <source>Maitre itself only creates the first owner; the owner adds everyone else.</source>
        <translation>Maitre solo crea el primer propietario; el propietario añade a todos los demás.</translation>
    </message>
    <message>
        <source>Only an owner can make someone an owner.</source>
        <translation>Solo un propietario puede hacer propietario a otra persona.</translation>
    </message>
    <message>
        <source>The restaurant already has an owner: sign in as the owner to add staff.</source>
        <translation>El restaurante ya tiene propietario: inicie sesión como propietario para añadir personal.</translation>
    </message>
    <message>
        <source>%1 is the last active owner. Make someone else an owner first.</source>
        <translation>%1 es el último propietario activo. Haga propietario a otra persona primero.</translation>
    </message>
</context>
<context>
    <name>StaffSettingsPage</name>
    <message>
        <source>Enter the person&apos;s name.</source>
        <translation>Escriba el nombre de la persona.</translation>
    </message>
    <message>
        <source>A name can have at most 60 characters.</source>
        <translation>Un nombre puede tener como máximo 60 caracteres.</translation>
    </message>
    <message>
        <source>The two PINs are not the same.</source>
        <translation>Los dos PIN no coinciden.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>PIN (4–8 digits)</source>
        <translation>PIN (4–8 cifras)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>Repita el PIN</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Personal</translation>
    </message>
    <message>
        <source>Who may sign in at the consoles and what their role lets them do. Five wrong PINs lock an account for five minutes.</source>
        <translation>Quién puede iniciar sesión en las consolas y qué le permite hacer su rol. Cinco PIN incorrectos bloquean una cuenta durante cinco minutos.</translation>
    </message>
    <message>
        <source>+ Add staff…</source>
        <translation>+ Añadir personal…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Editar…</translation>
    </message>
    <message>
        <source>Reset PIN…</source>
        <translation>Restablecer PIN…</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Deactivate…</source>
        <translation>Desactivar…</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Activo</translation>
    </message>
    <message>
        <source>Sign-in</source>
        <translation>Inicio de sesión</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>Correcto</translation>
    </message>
    <message>
        <source>Locked until %1</source>
        <translation>Bloqueada hasta las %1</translation>
    </message>
    <message numerus="yes">
        <source>%n wrong PIN(s) in a row</source>
        <translation>
            <numerusform>%n PIN incorrecto seguido</numerusform>
            <numerusform>%n PIN incorrectos seguidos</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Reactivate</source>
        <translation>Reactivar</translation>
    </message>
    <message>
        <source>Add staff</source>
        <translation>Añadir personal</translation>
    </message>
    <message>
        <source>Nobody was added: %1</source>
        <translation>No se ha añadido a nadie: %1</translation>
    </message>
    <message>
        <source>%1 can sign in now.</source>
        <translation>%1 ya puede iniciar sesión.</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>Editar a %1</translation>
    </message>
    <message>
        <source>Nothing was changed: %1</source>
        <translation>No se ha cambiado nada: %1</translation>
    </message>
    <message>
        <source>%1 saved.</source>
        <translation>%1 guardado.</translation>
    </message>
    <message>
        <source>New PIN for %1</source>
        <translation>Nuevo PIN para %1</translation>
    </message>
    <message>
        <source>The PIN was not changed: %1</source>
        <translation>No se ha cambiado el PIN: %1</translation>
    </message>
    <message>
        <source>%1 has a new PIN.</source>
        <translation>%1 tiene un PIN nuevo.</translation>
    </message>
    <message>
        <source>%1 can sign in again.</source>
        <translation>%1 puede volver a iniciar sesión.</translation>
    </message>
    <message>
        <source>%1 can no longer sign in.</source>
        <translation>%1 ya no puede iniciar sesión.</translation>
    </message>
    <message>
        <source>Deactivate %1</source>
        <translation>Desactivar a %1</translation>
    </message>
    <message>
        <source>%1 will no longer be able to sign in. Their actions stay in the audit log.</source>
        <translation>%1 ya no podrá iniciar sesión. Sus acciones se conservan en el registro de auditoría.</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>Desactivar</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Conservar</translation>
    </message>
</context>
<context>
    <name>StartupPage</name>
    <message>
        <source>Maitre</source>
        <translation>Maitre</translation>
    </message>
</context>
<context>
    <name>StaticController</name>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>There is nothing at /%1.</source>
        <translation>No hay nada en /%1.</translation>
    </message>
</context>
<context>
    <name>Store</name>
    <message>
        <source>Maitre is shutting down.</source>
        <translation>Maitre se está cerrando.</translation>
    </message>
</context>
<context>
    <name>StripePaymentProvider</name>
    <message>
        <source>The amount to charge must be positive.</source>
        <translation>El importe que se va a cobrar debe ser positivo.</translation>
    </message>
    <message>
        <source>The currency must be a three-letter ISO 4217 code.</source>
        <translation>La moneda debe ser un código ISO 4217 de tres letras.</translation>
    </message>
    <message>
        <source>The card details are missing: no payment token.</source>
        <translation>Faltan los datos de la tarjeta: no hay token de pago.</translation>
    </message>
    <message>
        <source>The idempotency key is longer than 255 characters.</source>
        <translation>La clave de idempotencia tiene más de 255 caracteres.</translation>
    </message>
    <message>
        <source>There is no payment to refund.</source>
        <translation>No hay ningún pago que reembolsar.</translation>
    </message>
    <message>
        <source>The payment provider&apos;s answer had no payment id.</source>
        <translation>La respuesta del proveedor de pagos no incluía ningún id de pago.</translation>
    </message>
    <message>
        <source>The card asks the customer to confirm the payment with their bank, which cannot be done here. Try another card.</source>
        <translation>La tarjeta requiere que el cliente confirme el pago con su banco, lo que no es posible aquí. Pruebe con otra tarjeta.</translation>
    </message>
    <message>
        <source>The card was declined.</source>
        <translation>La tarjeta ha sido rechazada.</translation>
    </message>
    <message>
        <source>The payment provider answered with an unknown status “%1”.</source>
        <translation>El proveedor de pagos ha respondido con un estado desconocido “%1”.</translation>
    </message>
    <message>
        <source>The payment provider could not refund this payment.</source>
        <translation>El proveedor de pagos no ha podido reembolsar este pago.</translation>
    </message>
    <message>
        <source>The payment provider did not answer in time. Try again.</source>
        <translation>El proveedor de pagos no ha respondido a tiempo. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The payment provider cannot be reached. Try again.</source>
        <translation>No se puede contactar con el proveedor de pagos. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The payment provider is busy. Try again in a moment.</source>
        <translation>El proveedor de pagos está saturado. Vuelva a intentarlo en un momento.</translation>
    </message>
    <message>
        <source>The payment provider is having problems. Try again.</source>
        <translation>El proveedor de pagos tiene problemas. Vuelva a intentarlo.</translation>
    </message>
    <message>
        <source>The payment provider rejected the key. Check the Stripe key in the settings.</source>
        <translation>El proveedor de pagos ha rechazado la clave. Compruebe la clave de Stripe en la configuración.</translation>
    </message>
    <message>
        <source>This idempotency key was already used for a different payment.</source>
        <translation>Esta clave de idempotencia ya se ha usado para otro pago.</translation>
    </message>
    <message>
        <source>This payment was already refunded.</source>
        <translation>Este pago ya se ha reembolsado.</translation>
    </message>
    <message>
        <source>The payment provider does not know this payment.</source>
        <translation>El proveedor de pagos no reconoce este pago.</translation>
    </message>
    <message>
        <source>The card details are not valid.</source>
        <translation>Los datos de la tarjeta no son válidos.</translation>
    </message>
    <message>
        <source>The payment provider refused the request (HTTP %1): %2</source>
        <translation>El proveedor de pagos ha rechazado la petición (HTTP %1): %2</translation>
    </message>
</context>
<context>
    <name>TableListModel</name>
    <message>
        <source>Free</source>
        <translation>Libre</translation>
    </message>
    <message>
        <source>Occupied</source>
        <translation>Ocupada</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reservada</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Fuera de servicio</translation>
    </message>
    <message>
        <source>Table</source>
        <translation>Mesa</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Plazas</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Table %1, seats: %2</source>
        <translation>Mesa %1, plazas: %2</translation>
    </message>
    <message>
        <source>Needs cleaning</source>
        <translation>Hay que limpiarla</translation>
    </message>
</context>
<context>
    <name>TableService</name>
    <message>
        <source>No such table.</source>
        <translation>No existe esa mesa.</translation>
    </message>
    <message>
        <source>There is already a table labelled “%1”.</source>
        <translation>Ya hay una mesa llamada “%1”.</translation>
    </message>
    <message>
        <source>A table&apos;s label must have 1 to 40 characters.</source>
        <translation>El nombre de una mesa debe tener de 1 a 40 caracteres.</translation>
    </message>
    <message>
        <source>A table must have 1 to 50 seats.</source>
        <translation>Una mesa debe tener de 1 a 50 plazas.</translation>
    </message>
    <message>
        <source>Table %1 is in use; free it before removing it.</source>
        <translation>La mesa %1 está en uso; libérela antes de quitarla.</translation>
    </message>
    <message>
        <source>Table %1 has seated parties before, so it stays on record; mark it out of service instead.</source>
        <translation>La mesa %1 ya ha tenido clientes, así que se conserva en el registro; márquela como fuera de servicio.</translation>
    </message>
    <message>
        <source>Add at least one table.</source>
        <translation>Añada al menos una mesa.</translation>
    </message>
    <message>
        <source>Add at most 500 tables at once.</source>
        <translation>Añada como máximo 500 mesas a la vez.</translation>
    </message>
</context>
<context>
    <name>TablesPanel</name>
    <message>
        <source>Tables</source>
        <translation>Mesas</translation>
    </message>
    <message>
        <source>1 seat</source>
        <translation>1 plaza</translation>
    </message>
    <message>
        <source>%1 seats</source>
        <translation>%1 plazas</translation>
    </message>
    <message>
        <source>To clean</source>
        <translation>Por limpiar</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Libre</translation>
    </message>
    <message>
        <source>Occupied</source>
        <translation>Ocupada</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reservada</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Fuera de servicio</translation>
    </message>
    <message>
        <source>Mark free</source>
        <translation>Marcar libre</translation>
    </message>
    <message>
        <source>The table has been cleaned and is ready for the next party</source>
        <translation>La mesa ya está limpia y lista para el siguiente grupo</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>combinable</source>
        <translation>se puede juntar</translation>
    </message>
    <message>
        <source>Table %1 · %2 · %3</source>
        <translation>Mesa %1 · %2 · %3</translation>
    </message>
    <message>
        <source>%1&apos;s party of %2</source>
        <translation>Grupo de %2 de %1</translation>
    </message>
    <message>
        <source>%1 free</source>
        <translation>%1 libres</translation>
    </message>
    <message>
        <source>%1 occupied</source>
        <translation>%1 ocupadas</translation>
    </message>
    <message>
        <source>%1 to clean</source>
        <translation>%1 por limpiar</translation>
    </message>
</context>
<context>
    <name>TablesSettingsPage</name>
    <message>
        <source>Free</source>
        <translation>Libre</translation>
    </message>
    <message>
        <source>Occupied</source>
        <translation>Ocupada</translation>
    </message>
    <message>
        <source>Needs cleaning</source>
        <translation>Hay que limpiarla</translation>
    </message>
    <message>
        <source>Reserved</source>
        <translation>Reservada</translation>
    </message>
    <message>
        <source>Out of service</source>
        <translation>Fuera de servicio</translation>
    </message>
    <message>
        <source>Tables</source>
        <translation>Mesas</translation>
    </message>
    <message>
        <source>The dining room as the host sees it. Combinable tables can be pushed together for a large party.</source>
        <translation>El comedor tal como lo ve el jefe de sala. Las mesas que se pueden juntar se unen para grupos grandes.</translation>
    </message>
    <message>
        <source>Can be combined with other tables</source>
        <translation>Se puede juntar con otras mesas</translation>
    </message>
    <message>
        <source>+ Add table</source>
        <translation>+ Añadir mesa</translation>
    </message>
    <message>
        <source>Remove table…</source>
        <translation>Quitar mesa…</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Seats</source>
        <translation>Plazas</translation>
    </message>
    <message>
        <source>Combinable</source>
        <translation>Se puede juntar</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>e.g. T12 or Patio 3</source>
        <translation>p. ej. T12 o Terraza 3</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>New table</source>
        <translation>Nueva mesa</translation>
    </message>
    <message>
        <source>Table %1</source>
        <translation>Mesa %1</translation>
    </message>
    <message>
        <source>Add table</source>
        <translation>Añadir mesa</translation>
    </message>
    <message>
        <source>Save table</source>
        <translation>Guardar mesa</translation>
    </message>
    <message>
        <source>Give the table a label, e.g. T12.</source>
        <translation>Dé un nombre a la mesa, p. ej. T12.</translation>
    </message>
    <message>
        <source>Use at most 40 characters.</source>
        <translation>Use como máximo 40 caracteres.</translation>
    </message>
    <message>
        <source>There is already a table called %1.</source>
        <translation>Ya hay una mesa llamada %1.</translation>
    </message>
    <message>
        <source>A table has 1 to 50 seats.</source>
        <translation>Una mesa tiene de 1 a 50 plazas.</translation>
    </message>
    <message>
        <source>Nothing was saved: correct the fields marked in red first.</source>
        <translation>No se ha guardado nada: corrija primero los campos marcados en rojo.</translation>
    </message>
    <message>
        <source>Table %1 saved.</source>
        <translation>Mesa %1 guardada.</translation>
    </message>
    <message>
        <source>Remove table</source>
        <translation>Quitar mesa</translation>
    </message>
    <message>
        <source>Remove table %1 from the dining room?</source>
        <translation>¿Quitar la mesa %1 del comedor?</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Conservar</translation>
    </message>
    <message>
        <source>Table %1 removed.</source>
        <translation>Mesa %1 quitada.</translation>
    </message>
</context>
<context>
    <name>TablesView</name>
    <message>
        <source>Tables</source>
        <translation>Mesas</translation>
    </message>
    <message>
        <source>Loading tables…</source>
        <translation>Cargando mesas…</translation>
    </message>
    <message>
        <source>The tables could not be loaded: %1</source>
        <translation>No se han podido cargar las mesas: %1</translation>
    </message>
    <message>
        <source>No tables yet. Add the dining room&apos;s tables in the settings.</source>
        <translation>Todavía no hay mesas. Añada las mesas del comedor en la configuración.</translation>
    </message>
    <message>
        <source>Tables: %1 · Seats: %2 · Occupied: %3</source>
        <translation>Mesas: %1 · Plazas: %2 · Ocupadas: %3</translation>
    </message>
</context>
<context>
    <name>TokenCommand</name>
    <message>
        <source>Created the API token &quot;%1&quot; (scopes: %2). It is shown only this once: keep it somewhere safe. Send it as &quot;Authorization: Bearer &lt;token&gt;&quot;.
</source>
        <translation>Se ha creado el token de API &quot;%1&quot; (ámbitos: %2). Solo se muestra esta vez: guárdelo en un lugar seguro. Envíelo como &quot;Authorization: Bearer &lt;token&gt;&quot;.
</translation>
    </message>
    <message>
        <source>There are no API tokens yet. Create one with --create-token NAME --scope events.
</source>
        <translation>Todavía no hay tokens de API. Cree uno con --create-token NAME --scope events.
</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>NOMBRE</translation>
    </message>
    <message>
        <source>SCOPES</source>
        <translation>ÁMBITOS</translation>
    </message>
    <message>
        <source>CREATED</source>
        <translation>CREADO</translation>
    </message>
    <message>
        <source>LAST USED</source>
        <translation>ÚLTIMO USO</translation>
    </message>
    <message>
        <source>REVOKED</source>
        <translation>REVOCADO</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <source>Revoked the API token &quot;%1&quot;.
</source>
        <translation>Se ha revocado el token de API &quot;%1&quot;.
</translation>
    </message>
</context>
<context>
    <name>UnconfiguredPaymentProvider</name>
    <message>
        <source>Card payments are not set up: %1</source>
        <translation>Los pagos con tarjeta no están configurados: %1</translation>
    </message>
</context>
<context>
    <name>VoiceWebhookController</name>
    <message>
        <source>Malformed request</source>
        <translation>Petición mal formada</translation>
    </message>
    <message>
        <source>%1 or %2</source>
        <translation>%1 o %2</translation>
    </message>
    <message>
        <source>%1 euros</source>
        <translation>%1 euros</translation>
    </message>
    <message>
        <source>%1 dollars</source>
        <translation>%1 dólares</translation>
    </message>
    <message>
        <source>%1 pounds</source>
        <translation>%1 libras</translation>
    </message>
    <message>
        <source>Thank you, %1. Your order code is %2. The total is %3, including delivery, to pay the driver.</source>
        <translation>Gracias, %1. Su código de pedido es %2. El total es %3, envío incluido, que pagará al repartidor.</translation>
    </message>
    <message>
        <source>Thank you, %1. Your order code is %2. The total is %3, to pay when you collect it.</source>
        <translation>Gracias, %1. Su código de pedido es %2. El total es %3, que pagará al recogerlo.</translation>
    </message>
    <message>
        <source>Thank you, %1. Your order code is %2. The total is %3, including delivery, to pay the driver. It should arrive around %4.</source>
        <translation>Gracias, %1. Su código de pedido es %2. El total es %3, envío incluido, que pagará al repartidor. Debería llegar hacia las %4.</translation>
    </message>
    <message>
        <source>Thank you, %1. Your order code is %2. The total is %3, to pay when you collect it. It will be ready for pickup at %4.</source>
        <translation>Gracias, %1. Su código de pedido es %2. El total es %3, que pagará al recogerlo. Estará listo para recoger a las %4.</translation>
    </message>
    <message>
        <source>Sorry, %1 is sold out today.</source>
        <translation>Lo sentimos, hoy se ha agotado %1.</translation>
    </message>
    <message>
        <source>By &quot;%1&quot;, do you mean %2?</source>
        <translation>Con &quot;%1&quot;, ¿se refiere a %2?</translation>
    </message>
    <message>
        <source>We don&apos;t have &quot;%1&quot; on the menu.</source>
        <translation>No tenemos &quot;%1&quot; en la carta.</translation>
    </message>
    <message>
        <source>We don&apos;t have &quot;%1&quot;. Did you mean %2?</source>
        <translation>No tenemos &quot;%1&quot;. ¿Quería decir %2?</translation>
    </message>
    <message>
        <source>Voice ordering is not set up</source>
        <translation>Los pedidos por voz no están configurados</translation>
    </message>
    <message>
        <source>Voice ordering is not set up: set the voice webhook secret in the settings.</source>
        <translation>Los pedidos por voz no están configurados: defina el secreto del webhook de voz en la configuración.</translation>
    </message>
    <message>
        <source>Unauthorized</source>
        <translation>No autorizado</translation>
    </message>
    <message>
        <source>The request is not signed: the %1 header is missing.</source>
        <translation>La petición no está firmada: falta la cabecera %1.</translation>
    </message>
    <message>
        <source>The signature does not match the voice webhook secret.</source>
        <translation>La firma no coincide con el secreto del webhook de voz.</translation>
    </message>
    <message>
        <source>The signature&apos;s time is more than %1 minutes away from ours; the request may be a replay.</source>
        <translation>La hora de la firma difiere en más de %1 minutos de la nuestra; la petición podría ser una repetición.</translation>
    </message>
    <message>
        <source>Orders cannot be taken yet.</source>
        <translation>Todavía no se pueden aceptar pedidos.</translation>
    </message>
    <message>
        <source>The body must be a JSON object.</source>
        <translation>El cuerpo debe ser un objeto JSON.</translation>
    </message>
    <message>
        <source>&quot;message&quot; must be an object.</source>
        <translation>&quot;message&quot; debe ser un objeto.</translation>
    </message>
    <message>
        <source>&quot;message.toolCalls&quot; must be a list.</source>
        <translation>&quot;message.toolCalls&quot; debe ser una lista.</translation>
    </message>
    <message>
        <source>At most %1 tool calls at a time.</source>
        <translation>Como máximo %1 llamadas a herramientas a la vez.</translation>
    </message>
    <message>
        <source>Each tool call needs an id of at most %1 characters.</source>
        <translation>Cada llamada a herramienta necesita un id de %1 caracteres como máximo.</translation>
    </message>
    <message>
        <source>There is no tool called &quot;%1&quot; here; use place_order to order food.</source>
        <translation>Aquí no hay ninguna herramienta llamada &quot;%1&quot;; use place_order para pedir comida.</translation>
    </message>
    <message>
        <source>The order details could not be read. Nothing has been ordered yet.</source>
        <translation>No se han podido leer los detalles del pedido. Todavía no se ha pedido nada.</translation>
    </message>
    <message>
        <source>Nothing has been ordered yet.</source>
        <translation>Todavía no se ha pedido nada.</translation>
    </message>
    <message>
        <source>This tool call id was already used for a different order. Nothing new has been ordered.</source>
        <translation>Este id de llamada a herramienta ya se ha usado para otro pedido. No se ha pedido nada nuevo.</translation>
    </message>
    <message>
        <source>Sorry, the order could not be placed: %1 Nothing has been ordered yet.</source>
        <translation>Lo sentimos, no se ha podido realizar el pedido: %1 Todavía no se ha pedido nada.</translation>
    </message>
</context>
<context>
    <name>WaitSettingsPage</name>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Wait</source>
        <translation>Espera</translation>
    </message>
    <message>
        <source>How the virtual queue treats notified parties and where the wait estimate starts before the restaurant has its own history.</source>
        <translation>Cómo trata la cola virtual a los grupos avisados y desde dónde parte la estimación de espera antes de que el restaurante tenga su propio historial.</translation>
    </message>
    <message>
        <source>Notified parties</source>
        <translation>Grupos avisados</translation>
    </message>
    <message>
        <source>Hold the table for</source>
        <translation>Guardar la mesa durante</translation>
    </message>
    <message>
        <source>After this the host sees the hold as expired and may give the table to the next party.</source>
        <translation>Pasado este tiempo, el jefe de sala ve la reserva como vencida y puede dar la mesa al siguiente grupo.</translation>
    </message>
    <message>
        <source>Default turn times</source>
        <translation>Duraciones de mesa por defecto</translation>
    </message>
    <message>
        <source>Parties of 1–2</source>
        <translation>Grupos de 1–2</translation>
    </message>
    <message>
        <source>Parties of 3–4</source>
        <translation>Grupos de 3–4</translation>
    </message>
    <message>
        <source>Parties of 5–6</source>
        <translation>Grupos de 5–6</translation>
    </message>
    <message>
        <source>Parties of 7 or more</source>
        <translation>Grupos de 7 o más</translation>
    </message>
    <message>
        <source>How long a table is usually taken. Maitre learns real turn times as parties are seated and finish; these are used until then.</source>
        <translation>Cuánto tiempo suele estar ocupada una mesa. Maitre aprende las duraciones reales a medida que los grupos se sientan y terminan; hasta entonces se usan estas.</translation>
    </message>
    <message>
        <source>Hold a table for 1 to 120 minutes.</source>
        <translation>Guarde una mesa de 1 a 120 minutos.</translation>
    </message>
    <message>
        <source>A turn time is between 10 and 480 minutes.</source>
        <translation>Una duración de mesa está entre 10 y 480 minutos.</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <source>Add walk-in</source>
        <translation>Añadir sin reserva</translation>
    </message>
    <message>
        <source>Name to call</source>
        <translation>Nombre para llamarles</translation>
    </message>
    <message>
        <source>Optional, to text them</source>
        <translation>Opcional, para enviarles un mensaje</translation>
    </message>
    <message>
        <source>Optional: high chair, wheelchair, outside…</source>
        <translation>Opcional: trona, silla de ruedas, terraza…</translation>
    </message>
    <message>
        <source>Add to queue</source>
        <translation>Añadir a la cola</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Nombre</translation>
    </message>
    <message>
        <source>Party &amp;size</source>
        <translation>&amp;Personas</translation>
    </message>
    <message>
        <source>&amp;Phone</source>
        <translation>&amp;Teléfono</translation>
    </message>
    <message>
        <source>N&amp;otes</source>
        <translation>N&amp;otas</translation>
    </message>
    <message>
        <source>The wait could not be worked out right now.</source>
        <translation>Ahora mismo no se puede calcular la espera.</translation>
    </message>
    <message>
        <source>No table seats %1 on its own: combine tables when seating.</source>
        <translation>Ninguna mesa sola tiene sitio para %1: junte mesas al sentarles.</translation>
    </message>
    <message>
        <source>A party of %1 can sit down now.</source>
        <translation>Un grupo de %1 puede sentarse ya.</translation>
    </message>
    <message>
        <source>Quote for %1: about %2 min (%3–%4)</source>
        <translation>Espera para %1: unos %2 min (%3–%4)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Try &apos;maitre --help&apos; for the options.</source>
        <translation>Pruebe &apos;maitre --help&apos; para ver las opciones.</translation>
    </message>
    <message>
        <source>Maitre is serving diners at %1
</source>
        <translation>Maitre atiende a los comensales en %1
</translation>
    </message>
</context>
</TS>
