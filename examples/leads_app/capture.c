/* Step 2: the attorneys who work leads, and this run's leads: one posted
 * by the website form (insert), the rest from the marketing system's
 * nightly export (insert_many, one transaction). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app.h"

/* Short names for the table below (undefined after it). */
#define H LEADS_PROPERTY_TYPE_HOUSE
#define F LEADS_PROPERTY_TYPE_FLAT
#define B LEADS_PROPERTY_TYPE_BUNGALOW
#define C LEADS_PROPERTY_TYPE_COMMERCIAL
#define L LEADS_PROPERTY_TYPE_LAND
#define VAL LEADS_SERVICE_TYPE_VALUATION
#define SAL LEADS_SERVICE_TYPE_SALE
#define LET LEADS_SERVICE_TYPE_LETTING
#define CON LEADS_SERVICE_TYPE_CONVEYANCING
#define SUR LEADS_SERVICE_TYPE_SURVEY
#define NOW LEADS_TIMELINE_IMMEDIATELY
#define MON LEADS_TIMELINE_WITHIN_MONTH
#define QTR LEADS_TIMELINE_WITHIN_QUARTER
#define LTR LEADS_TIMELINE_LATER
#define UNK LEADS_TIMELINE_UNKNOWN
#define LOW LEADS_URGENCY_LOW
#define NRM LEADS_URGENCY_NORMAL
#define HGH LEADS_URGENCY_HIGH
#define CRT LEADS_URGENCY_CRITICAL

/* What the capture form sent. channel: REF referral, WEB website,
 * PTL property portal, SOC social media, ADS paid ads. */
typedef struct lead_input {
	const char *channel, *first, *last, *phone, *address, *postcode;
	leads_property_type property;
	leads_service_type service;
	leads_timeline timeline;
	leads_urgency urgency;
	const char *form; /* free-form answers (JSON), NULL when none */
} lead_input;

static const lead_input inputs[] = {
	{"WEB", "Amelia", "Hart", "+44 20 7946 0018", "14 Elm Row", "SW1A 1AA", H, VAL, NOW, CRT, "{\"bedrooms\": 4, \"garden\": true}"},
	{"REF", "Oliver", "Bennett", "+44 161 496 0321", "2 Mill Lane", "M1 2AB", H, SAL, MON, HGH, "{\"bedrooms\": 3}"},
	{"PTL", "Isla", "Thompson", "+44 117 496 0755", "Flat 3, 9 Quay St", "BS1 4DJ", F, LET, NOW, HGH, "{\"furnished\": false}"},
	{"ADS", "George", "Walsh", NULL, NULL, "LS1 5QS", F, VAL, LTR, LOW, NULL},
	{"REF", "Freya", "Clarke", "+44 131 496 0402", "7 Castle Wynd", "EH1 2NG", B, CON, NOW, CRT, "{\"chain\": \"none\"}"},
	{"SOC", "Harry", "Patel", "+44 121 496 0877", NULL, "B1 1BB", H, SAL, QTR, NRM, NULL},
	{"WEB", "Ava", "Morgan", "+44 29 2018 0044", "31 Cathedral Rd", "CF11 9HA", H, VAL, MON, HGH, "{\"bedrooms\": 5}"},
	{"PTL", "Jack", "Robinson", NULL, "88 High St", "OX1 4AP", C, SUR, UNK, NRM, NULL},
	{"REF", "Mia", "Hughes", "+44 1223 496 010", "5 Mill Rd", "CB1 2AD", F, SAL, NOW, HGH, "{\"bedrooms\": 2}"},
	{"ADS", "Noah", "Evans", "+44 151 496 0190", NULL, "L1 8JQ", F, LET, QTR, LOW, NULL},
	{"WEB", "Sophia", "Wright", "+44 1865 496 771", "12 Banbury Rd", "OX2 6NN", H, CON, NOW, CRT, "{\"mortgage\": \"agreed\"}"},
	{"SOC", "Leo", "Turner", NULL, NULL, "NE1 4ST", L, VAL, LTR, LOW, NULL},
	{"REF", "Grace", "Phillips", "+44 1632 960 123", "3 Abbey Close", "BA1 1LZ", B, SAL, MON, CRT, "{\"bedrooms\": 3}"},
	{"PTL", "Arthur", "Campbell", "+44 141 496 0555", "40 Byres Rd", "G12 8AU", F, LET, MON, HGH, "{\"pets\": true}"},
	{"WEB", "Lily", "Edwards", "+44 20 7946 0233", NULL, "E1 6AN", F, VAL, QTR, NRM, "{\"bedrooms\": 1}"},
	{"ADS", "Oscar", "Collins", NULL, NULL, "SE1 9SG", H, SAL, UNK, LOW, NULL},
	{"REF", "Ella", "Stewart", "+44 1224 496 881", "17 Union Grove", "AB10 6SX", H, VAL, NOW, HGH, "{\"bedrooms\": 4}"},
	{"WEB", "Charlie", "Morris", "+44 1273 496 302", "6 Dyke Rd", "BN1 3FE", F, SUR, MON, HGH, "{\"year_built\": 1890}"},
	{"SOC", "Ivy", "Rogers", "+44 1904 496 620", "21 Bootham", "YO30 7BW", H, LET, QTR, NRM, NULL},
	{"PTL", "Thomas", "Cook", NULL, "9 Kings Rd", "RG1 3AS", C, VAL, LTR, NRM, NULL},
	{"REF", "Rosie", "Morgan", "+44 1392 496 114", "44 Magdalen Rd", "EX2 4TA", B, CON, MON, HGH, "{\"chain\": \"short\"}"},
	{"WEB", "Alfie", "Bell", "+44 23 8049 6011", "1 Ocean Way", "SO14 3JZ", F, SAL, NOW, HGH, "{\"bedrooms\": 2}"},
	{"ADS", "Florence", "Murphy", "+44 28 9049 6222", NULL, "BT1 5GS", H, VAL, QTR, NRM, NULL},
	{"PTL", "Henry", "Bailey", "+44 115 496 0987", "15 Castle Blvd", "NG7 1FB", F, LET, NOW, CRT, "{\"furnished\": true}"},
	{"SOC", "Evie", "Cooper", NULL, NULL, "CV1 2GT", F, LET, UNK, LOW, NULL},
	{"REF", "Jacob", "Richardson", "+44 1603 496 455", "8 Unthank Rd", "NR2 2PA", H, SAL, QTR, NRM, "{\"bedrooms\": 3}"},
	{"WEB", "Poppy", "Cox", "+44 1752 496 300", "2 The Hoe", "PL1 2PA", H, VAL, LTR, NRM, "{\"sea_view\": true}"},
	{"ADS", "Archie", "Howard", NULL, NULL, "DE1 1QN", L, SUR, UNK, LOW, NULL},
	{"PTL", "Daisy", "Ward", "+44 1522 496 040", "30 Steep Hill", "LN2 1LU", B, SAL, MON, NRM, "{\"bedrooms\": 2}"},
	{"REF", "William", "Torres", "+44 1227 496 802", "11 Orange St", "CT1 2JA", H, CON, NOW, HGH, "{\"mortgage\": \"agreed\"}"},
	{"WEB", "Sienna", "Peterson", "+44 1243 496 777", NULL, "PO19 1LT", F, LET, MON, NRM, NULL},
	{"SOC", "Muhammad", "Gray", "+44 116 496 0660", "19 London Rd", "LE2 0PE", H, SAL, NOW, HGH, "{\"bedrooms\": 4}"},
	{"REF", "Emily", "Ramirez", NULL, "4 Park Row", "LS1 5HD", C, VAL, QTR, NRM, NULL},
	{"PTL", "Joshua", "James", "+44 1482 496 505", "77 Newland Ave", "HU5 2AD", H, SAL, LTR, LOW, NULL},
	{"WEB", "Matilda", "Watson", "+44 1225 496 888", "23 Royal Cres", "BA1 2LR", H, VAL, NOW, CRT, "{\"listed\": true}"},
	{"ADS", "Theo", "Brooks", "+44 1902 496 313", NULL, "WV1 1RE", F, LET, LTR, LOW, NULL},
};

#undef H
#undef F
#undef B
#undef C
#undef L
#undef VAL
#undef SAL
#undef LET
#undef CON
#undef SUR
#undef NOW
#undef MON
#undef QTR
#undef LTR
#undef UNK
#undef LOW
#undef NRM
#undef HGH
#undef CRT

#define NLEADS (sizeof inputs / sizeof inputs[0])

/* Lower-case first.last@example.com into buf. */
static void make_email(const lead_input *in, char *buf, size_t n)
{
	snprintf(buf, n, "%s.%s@example.com", in->first, in->last);
	for (char *p = buf; *p; p++)
		*p = (char)tolower((unsigned char)*p);
}

static sc_status capture_attorneys(app *a)
{
	static const char *const names[][3] = {
		{"ahart", "a.hart@hart-law.example", "Alice Hart"},
		{"bokafor", "b.okafor@hart-law.example", "Ben Okafor"},
		{"cnguyen", "c.nguyen@hart-law.example", "Chloe Nguyen"},
	};
	leads_user users[3];
	sc_status rc;

	for (size_t i = 0; i < 3; i++) {
		leads_user_init(&users[i]);
		users[i].username = (char *)names[i][0];
		users[i].email = (char *)names[i][1];
		/* A bcrypt hash (never a password): @sensitive keeps it out of
		 * logs, hooks and error messages. */
		users[i].hashed_password =
			"$2b$12$C6UzMDM.H6dfI/f/IKcEeO5yXyZ1bNqjzMVp7Yr0D1Zz2kzlW9nBa";
	}
	/* Upsert by username: the accounts exist once, however many runs. */
	rc = leads_user_upsert_many(a->conn, users, 3, LEADS_USER_KEY_USERNAME);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "leads_user_upsert_many");
	for (size_t i = 0; i < 3; i++)
		a->attorneys[i] = users[i].id;
	a->nattorneys = 3;
	printf("   attorneys (upserted by username): %s, %s, %s\n", names[0][2], names[1][2],
	       names[2][2]);
	return SC_OK;
}

static void fill_lead(const app *a, size_t i, leads_lead *l, char *ext, size_t next, char *email,
		      size_t nemail)
{
	const lead_input *in = &inputs[i];

	leads_lead_init(l);
	snprintf(ext, next, "%s-%s-%04zu", a->run, in->channel, i + 1);
	make_email(in, email, nemail);
	l->external_lead_id = ext;
	l->first_name = (char *)in->first;
	l->last_name = (char *)in->last;
	l->email = email;
	l->phone = (char *)in->phone;
	l->address = (char *)in->address;
	l->postcode = (char *)in->postcode;
	l->property_type = in->property;
	l->service_type = in->service;
	l->timeline = in->timeline;
	l->urgency = in->urgency;
	l->attributes = (char *)in->form;
}

sc_status app_capture(app *a)
{
	static leads_lead rows[NLEADS];
	static char ext[NLEADS][64], email[NLEADS][128];
	char id[SC_UUID_STRLEN + 1];
	int64_t total = 0;
	sc_status rc;

	printf("\n2. Capture\n");
	if ((rc = capture_attorneys(a)) != SC_OK)
		return rc;
	for (size_t i = 0; i < NLEADS; i++)
		fill_lead(a, i, &rows[i], ext[i], sizeof ext[i], email[i], sizeof email[i]);

	/* The website posts one lead: insert fills in the id (UUIDv7),
	 * created_at, updated_at and version. */
	rc = leads_lead_insert(a->conn, &rows[0]);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "leads_lead_insert");
	printf("   website form: %s %s -> id %s, version %d\n", rows[0].first_name,
	       rows[0].last_name, sc_uuid_format(&rows[0].id, id), (int)rows[0].version);

	/* The nightly export: all or nothing, one transaction. */
	rc = leads_lead_insert_many(a->conn, rows + 1, NLEADS - 1);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "leads_lead_insert_many");
	printf("   marketing export: %zu leads in one insert_many (%s .. %s)\n", NLEADS - 1,
	       rows[1].external_lead_id, rows[NLEADS - 1].external_lead_id);

	rc = leads_lead_count(a->conn, NULL, &total);
	if (rc != SC_OK)
		return app_fail(a->conn, rc, "leads_lead_count");
	printf("   captured %zu leads in this run; %lld live leads in the database\n", NLEADS,
	       (long long)total);
	return SC_OK;
}
